import { authStore, type AuthState } from '../../api/client';
import { API_CACHE } from './cachePolicy';

// The API answers kept for offline use belong to one person: the one whose
// session fetched them. They are forgotten when that person logs out, when
// their session ends, and before anyone else's session uses the device.
const OWNER_KEY = 'shopfloor.offline.owner.v1';

function storage(): Storage | null {
  try {
    return globalThis.localStorage;
  } catch {
    return null;
  }
}

/** Deletes every kept API answer. Safe where the browser has no Cache Storage. */
export async function forgetOfflineData(): Promise<void> {
  storage()?.removeItem(OWNER_KEY);
  if (typeof caches === 'undefined') return;
  await caches.delete(API_CACHE);
}

/**
 * What to do with the kept answers when the session changes: `keep` while
 * their owner goes on (including opening offline) and before anyone is known;
 * otherwise `forget` (nobody logged in any more, or someone else logged in,
 * who then becomes the owner).
 */
export function offlineDataAction(state: AuthState, owner: string | null): 'forget' | 'keep' {
  if (state.status === 'unknown') return 'keep';
  if (state.status === 'authenticated' && state.user !== null && state.user.id === owner) return 'keep';
  return 'forget';
}

/** Started once with the app: follows the session and keeps the rule above. */
export function watchSessionForOfflineData(): () => void {
  const apply = async () => {
    const state = authStore.getState();
    const action = offlineDataAction(state, storage()?.getItem(OWNER_KEY) ?? null);
    if (action === 'keep') return;
    await forgetOfflineData();
    if (state.status === 'authenticated' && state.user !== null) storage()?.setItem(OWNER_KEY, state.user.id);
  };
  void apply();
  return authStore.subscribe(() => void apply());
}
