import type { PickedContact, QuickLogValues } from './form';

// What someone is typing in the quick log is kept on the device until it is
// saved or queued, so a reload, a crash or a failed request never loses it.
const PREFIX = 'shopfloor.quicklog.draft.v1:';

export interface Draft {
  values: QuickLogValues;
  picked: PickedContact | null;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage;
  } catch {
    return null;
  }
}

const keyFor = (userId: string, groupId: string) => `${PREFIX}${userId}:${groupId}`;

export function loadDraft(userId: string, groupId: string): Draft | null {
  try {
    const raw = storage()?.getItem(keyFor(userId, groupId)) ?? null;
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as { values?: unknown; picked?: unknown } | null;
    if (parsed === null || typeof parsed.values !== 'object' || parsed.values === null) return null;
    return { values: parsed.values as QuickLogValues, picked: (parsed.picked ?? null) as PickedContact | null };
  } catch {
    return null;
  }
}

export function saveDraft(userId: string, groupId: string, draft: Draft) {
  try {
    storage()?.setItem(keyFor(userId, groupId), JSON.stringify(draft));
  } catch {
    // Storage full or blocked: the form still holds the text.
  }
}

export function clearDraft(userId: string, groupId: string) {
  storage()?.removeItem(keyFor(userId, groupId));
}

/** On log-out: unfinished drafts are not left on a shared device. */
export function clearAllDrafts() {
  const store = storage();
  if (store === null) return;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}

/** Whether a draft holds anything worth restoring. */
export function draftHasContent(draft: Draft, empty: QuickLogValues): boolean {
  if (draft.picked !== null) return true;
  return (Object.keys(empty) as (keyof QuickLogValues)[]).some((key) => {
    if (key === 'fu_assignee' || key === 'channel') return false;
    return JSON.stringify(draft.values[key]) !== JSON.stringify(empty[key]);
  });
}
