export interface AuthFetchDeps {
  /** The access token held in memory, if any. */
  getAccessToken: () => string | null;
  /**
   * Obtains a new access token with the refresh cookie. Resolves true when a
   * new token is in place. Concurrent callers must share one refresh.
   */
  refresh: () => Promise<boolean>;
  /** The underlying fetch (globalThis.fetch by default). */
  fetch?: (request: Request) => Promise<Response>;
  /** Paths that must never trigger a refresh (the auth endpoints themselves). */
  skipRefresh?: (url: URL) => boolean;
}

const AUTH_PATH = /\/api\/v1\/auth\//;

function withToken(request: Request, token: string | null): Request {
  if (token === null) return request;
  const next = new Request(request);
  next.headers.set('Authorization', `Bearer ${token}`);
  return next;
}

/**
 * A fetch that sends the in-memory access token and, when the server answers
 * 401, refreshes the token once and retries the request once.
 */
export function createAuthFetch(deps: AuthFetchDeps): (request: Request) => Promise<Response> {
  const baseFetch = deps.fetch ?? ((r: Request) => globalThis.fetch(r));
  const skip = deps.skipRefresh ?? ((url: URL) => AUTH_PATH.test(url.pathname));

  return async (request: Request) => {
    // Keep an unread copy: the body of the first attempt is consumed by fetch.
    const spare = request.clone();
    const tokenUsed = deps.getAccessToken();
    const response = await baseFetch(withToken(request, tokenUsed));
    if (response.status !== 401 || skip(new URL(request.url))) return response;

    // Another request may already have refreshed while this one was in flight.
    const current = deps.getAccessToken();
    const refreshed = current !== null && current !== tokenUsed ? true : await deps.refresh();
    if (!refreshed) return response;
    return baseFetch(withToken(spare, deps.getAccessToken()));
  };
}
