import { SAVED_AT_HEADER } from '../shared/offline/cachePolicy';

// Whether what the screens show came from the server just now or from the
// copies the service worker kept on the device, and since when: the oldest
// kept copy shown since the last answer straight from the server. Also
// whether the last request found no server at all. Both are learnt from the
// API's own traffic, which is what the screens show, rather than from the
// browser's idea of being online.
export interface Freshness {
  /** When the oldest kept copy on screen was saved, or null when everything is live. */
  keptSince: string | null;
  /** The last request got no answer. */
  unreachable: boolean;
}

let state: Freshness = { keptSince: null, unreachable: false };
const listeners = new Set<() => void>();

function set(next: Freshness) {
  if (next.keptSince === state.keptSince && next.unreachable === state.unreachable) return;
  state = next;
  for (const listener of listeners) listener();
}

/** Looks at one API answer on its way to the screen, and passes it on. */
export function noteAnswer(response: Response): Response {
  const savedAt = response.headers.get(SAVED_AT_HEADER);
  if (savedAt === null) set({ keptSince: null, unreachable: false });
  else set({ keptSince: state.keptSince === null || savedAt < state.keptSince ? savedAt : state.keptSince, unreachable: false });
  return response;
}

/** A request that got no answer at all (no signal, or the server is down). */
export function noteUnreachable() {
  set({ ...state, unreachable: true });
}

export const freshness = {
  get: (): Freshness => state,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
