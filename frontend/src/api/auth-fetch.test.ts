import { describe, expect, it, vi } from 'vitest';
import { createAuthFetch } from './auth-fetch';

const URL_ME = 'http://localhost/api/v1/me';

function respond(status: number, body: unknown = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status });
}

/** A fake server: answers 401 unless the request carries `Bearer <valid>`. */
function server(valid: () => string) {
  const seen: { auth: string | null; body: string }[] = [];
  const fetch = vi.fn(async (request: Request) => {
    const body = await request.text();
    const auth = request.headers.get('Authorization');
    seen.push({ auth, body });
    return auth === `Bearer ${valid()}` ? respond(200, { ok: true }) : respond(401);
  });
  return { fetch, seen };
}

describe('createAuthFetch', () => {
  it('sends the in-memory access token as a bearer token', async () => {
    const { fetch, seen } = server(() => 'abc');
    const authFetch = createAuthFetch({ getAccessToken: () => 'abc', refresh: vi.fn(), fetch });
    const response = await authFetch(new Request(URL_ME));
    expect(response.status).toBe(200);
    expect(seen).toEqual([{ auth: 'Bearer abc', body: '' }]);
  });

  it('refreshes once on 401 and retries the request with the new token and same body', async () => {
    let token = 'old';
    const { fetch, seen } = server(() => 'new');
    const refresh = vi.fn(() => {
      token = 'new';
      return Promise.resolve(true);
    });
    const authFetch = createAuthFetch({ getAccessToken: () => token, refresh, fetch });
    const response = await authFetch(
      new Request('http://localhost/api/v1/groups', { method: 'POST', body: '{"name":"Depot"}' }),
    );
    expect(response.status).toBe(200);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([
      { auth: 'Bearer old', body: '{"name":"Depot"}' },
      { auth: 'Bearer new', body: '{"name":"Depot"}' },
    ]);
  });

  it('returns the 401 without retrying when the refresh fails', async () => {
    const { fetch } = server(() => 'never');
    const refresh = vi.fn(() => Promise.resolve(false));
    const authFetch = createAuthFetch({ getAccessToken: () => 'old', refresh, fetch });
    const response = await authFetch(new Request(URL_ME));
    expect(response.status).toBe(401);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('retries only once even if the retried request is refused again', async () => {
    const { fetch } = server(() => 'never');
    const refresh = vi.fn(() => Promise.resolve(true));
    const authFetch = createAuthFetch({ getAccessToken: () => 'x', refresh, fetch });
    const response = await authFetch(new Request(URL_ME));
    expect(response.status).toBe(401);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('never refreshes for the auth endpoints themselves', async () => {
    const { fetch } = server(() => 'never');
    const refresh = vi.fn(() => Promise.resolve(true));
    const authFetch = createAuthFetch({ getAccessToken: () => null, refresh, fetch });
    const response = await authFetch(
      new Request('http://localhost/api/v1/auth/login', { method: 'POST', body: '{}' }),
    );
    expect(response.status).toBe(401);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('sends no Authorization header when there is no token yet', async () => {
    const { fetch, seen } = server(() => 'new');
    let token: string | null = null;
    const refresh = vi.fn(() => {
      token = 'new';
      return Promise.resolve(true);
    });
    const authFetch = createAuthFetch({ getAccessToken: () => token, refresh, fetch });
    await authFetch(new Request(URL_ME));
    expect(seen.map((s) => s.auth)).toEqual([null, 'Bearer new']);
  });

  it('reuses a token refreshed by another request instead of refreshing again', async () => {
    let token = 'old';
    const fetch = vi.fn((request: Request) => {
      const auth = request.headers.get('Authorization');
      // Another request refreshes while this one is in flight.
      if (auth === 'Bearer old') token = 'new';
      return Promise.resolve(auth === 'Bearer new' ? respond(200) : respond(401));
    });
    const refresh = vi.fn(() => Promise.resolve(true));
    const authFetch = createAuthFetch({ getAccessToken: () => token, refresh, fetch });
    const response = await authFetch(new Request(URL_ME));
    expect(response.status).toBe(200);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('passes other errors through untouched', async () => {
    const fetch = vi.fn(() => Promise.resolve(respond(403, { error: 'forbidden' })));
    const refresh = vi.fn(() => Promise.resolve(true));
    const authFetch = createAuthFetch({ getAccessToken: () => 't', refresh, fetch });
    const response = await authFetch(new Request(URL_ME));
    expect(response.status).toBe(403);
    expect(refresh).not.toHaveBeenCalled();
  });
});
