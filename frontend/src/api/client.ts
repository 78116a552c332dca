import createClient from 'openapi-fetch';
import { createAuthFetch } from './auth-fetch';
import { deviceUser, forgetDeviceUser, rememberDeviceUser } from './deviceUser';
import { networkError, toApiError } from './errors';
import { noteAnswer, noteUnreachable } from './freshness';
import type { paths } from './schema';
import type { AuthToken, AuthUser } from './types';

export interface AuthState {
  /** `unknown` until the first refresh attempt at start-up has finished. */
  status: 'unknown' | 'authenticated' | 'anonymous';
  user: AuthUser | null;
  /** Why the visitor is anonymous: never logged in, logged out, or expired. */
  ended?: 'logout' | 'expired';
  /**
   * Opened without signal by the person who last logged in on this device:
   * no access token yet, only what the device kept. The first answer from the
   * server that needs a token brings a refresh, which ends this state.
   */
  offline?: boolean;
}

// The access token lives in memory only: never in localStorage or a cookie
// readable by scripts. A page reload gets a new one with the refresh cookie.
let accessToken: string | null = null;
let state: AuthState = { status: 'unknown', user: null };
const listeners = new Set<() => void>();

function emit(next: AuthState) {
  state = next;
  for (const listener of listeners) listener();
}

export const authStore = {
  getState: (): AuthState => state,
  getAccessToken: (): string | null => accessToken,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Stores the result of sign-up, log-in or refresh. */
  signIn(token: AuthToken) {
    accessToken = token.access_token;
    rememberDeviceUser(token.user);
    emit({ status: 'authenticated', user: token.user });
  },
  /** Opens the app without signal for the person who last logged in here. */
  signInOffline(user: AuthUser) {
    accessToken = null;
    emit({ status: 'authenticated', user, offline: true });
  },
  signOut(reason?: 'logout' | 'expired') {
    accessToken = null;
    forgetDeviceUser();
    emit(reason ? { status: 'anonymous', user: null, ended: reason } : { status: 'anonymous', user: null });
  },
  setUser(user: AuthUser) {
    if (state.status !== 'authenticated') return;
    rememberDeviceUser(user);
    emit({ ...state, user });
  },
};

// Absolute URLs: the API is served from the same origin as the app.
const common = { baseUrl: globalThis.location.origin, credentials: 'same-origin' } as const;

/** A client without the auth middleware, for the refresh call itself. */
const bareClient = createClient<paths>(common);

let refreshing: Promise<boolean> | null = null;

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers
 * share one request, so a burst of 401s causes a single refresh.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const { data, response } = await bareClient.POST('/api/v1/auth/refresh');
      if (response.ok && data) {
        authStore.signIn(data);
        return true;
      }
      const { status } = authStore.getState();
      if (status === 'authenticated') authStore.signOut('expired');
      else if (status === 'unknown') authStore.signOut();
      return false;
    } catch {
      // Network failure: the session may still be valid; do not sign out. At
      // start-up, the person who last logged in here gets what the device kept.
      if (authStore.getState().status === 'unknown') {
        const user = deviceUser();
        if (user === null) authStore.signOut();
        else authStore.signInOffline(user);
      }
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** The typed API client used by every domain. */
export const api = createClient<paths>({
  ...common,
  fetch: createAuthFetch({
    getAccessToken: () => accessToken,
    refresh: refreshSession,
    fetch: async (request) => {
      try {
        return noteAnswer(await globalThis.fetch(request));
      } catch (error) {
        noteUnreachable();
        throw error;
      }
    },
  }),
});

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError
 * carrying the API's `error`, `detail` and `fields`.
 */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch {
    throw networkError();
  }
  if (!result.response.ok) {
    throw toApiError(result.response.status, result.error, result.response.headers);
  }
  return result.data as T;
}
