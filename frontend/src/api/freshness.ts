import { SAVED_AT_HEADER } from '../shared/offline/cachePolicy';

// Whether what the screens show came from the server just now or from the
// copies the service worker kept on the device, and since when: the oldest
// kept copy shown since the last answer straight from the server.
let keptSince: string | null = null;
const listeners = new Set<() => void>();

function set(next: string | null) {
  if (next === keptSince) return;
  keptSince = next;
  for (const listener of listeners) listener();
}

/** Looks at one API answer on its way to the screen, and passes it on. */
export function noteAnswer(response: Response): Response {
  const savedAt = response.headers.get(SAVED_AT_HEADER);
  if (savedAt === null) set(null);
  else if (keptSince === null || savedAt < keptSince) set(savedAt);
  return response;
}

export const freshness = {
  /** When the oldest kept copy on screen was saved, or null when everything is live. */
  keptSince: (): string | null => keptSince,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
