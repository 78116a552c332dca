import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const user = {
  id: '7b0c5d1e-0000-4000-8000-000000000001',
  email: 'ana@example.org',
  display_name: 'Ana',
  is_admin: false,
  created_at: '2025-01-01T00:00:00Z',
};

function tokenBody(token: string) {
  return JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 900, user });
}

// The client reads globalThis.fetch when the module loads, so each test
// stubs fetch first and then imports a fresh copy of the module.
async function loadClient(fetch: (request: Request) => Promise<Response>) {
  vi.stubGlobal('fetch', vi.fn(fetch));
  vi.resetModules();
  return import('./client');
}

describe('api client', () => {
  beforeEach(() => {
    vi.unstubAllGlobals();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shares one refresh between concurrent callers', async () => {
    let refreshes = 0;
    const client = await loadClient((request) => {
      if (new URL(request.url).pathname === '/api/v1/auth/refresh') refreshes += 1;
      return Promise.resolve(new Response(tokenBody('t1'), { status: 200 }));
    });
    const results = await Promise.all([
      client.refreshSession(),
      client.refreshSession(),
      client.refreshSession(),
    ]);
    expect(results).toEqual([true, true, true]);
    expect(refreshes).toBe(1);
    expect(client.authStore.getAccessToken()).toBe('t1');
    expect(client.authStore.getState()).toEqual({ status: 'authenticated', user });
  });

  it('marks the session expired when a refresh is refused after being logged in', async () => {
    let allow = true;
    const client = await loadClient(() =>
      Promise.resolve(
        allow
          ? new Response(tokenBody('t1'), { status: 200 })
          : new Response(JSON.stringify({ error: 'not_authenticated', detail: 'x' }), { status: 401 }),
      ),
    );
    expect(await client.refreshSession()).toBe(true);
    allow = false;
    expect(await client.refreshSession()).toBe(false);
    expect(client.authStore.getState()).toEqual({ status: 'anonymous', user: null, ended: 'expired' });
    expect(client.authStore.getAccessToken()).toBeNull();
  });

  it('refreshes with the cookie and retries when the access token is refused', async () => {
    const calls: string[] = [];
    const client = await loadClient((request) => {
      const path = new URL(request.url).pathname;
      calls.push(`${path} ${request.headers.get('Authorization') ?? '-'} ${request.credentials}`);
      if (path === '/api/v1/auth/refresh') {
        return Promise.resolve(new Response(tokenBody('fresh'), { status: 200 }));
      }
      const ok = request.headers.get('Authorization') === 'Bearer fresh';
      return Promise.resolve(
        ok
          ? new Response(JSON.stringify(user), { status: 200 })
          : new Response(JSON.stringify({ error: 'not_authenticated', detail: 'Log in' }), {
              status: 401,
            }),
      );
    });
    const me = await client.unwrap(client.api.GET('/api/v1/me'));
    expect(me.display_name).toBe('Ana');
    expect(calls).toEqual([
      '/api/v1/me - same-origin',
      '/api/v1/auth/refresh - same-origin',
      '/api/v1/me Bearer fresh same-origin',
    ]);
  });

  it('throws an ApiError with the code, detail and fields of an error answer', async () => {
    const client = await loadClient(() =>
      Promise.resolve(
        new Response(
          JSON.stringify({
            error: 'validation_error',
            detail: 'Check the highlighted fields',
            fields: [{ field: 'name', loc: ['body', 'name'], message: 'Enter a name', type: 'not_blank' }],
          }),
          { status: 422, headers: { 'Content-Type': 'application/json' } },
        ),
      ),
    );
    const { ApiError } = await import('./errors');
    const error: unknown = await client
      .unwrap(client.api.POST('/api/v1/groups', { body: { name: ' ' } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'validation_error',
      detail: 'Check the highlighted fields',
      message: 'Some fields need changing before this can be saved.',
      fields: [
        { field: 'name', loc: ['body', 'name'], type: 'not_blank', message: 'Enter some text, not only spaces.', detail: 'Enter a name' },
      ],
    });
  });

  it('turns a failed network request into a network_error ApiError', async () => {
    const client = await loadClient(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(client.unwrap(client.api.GET('/api/v1/instance'))).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
    });
  });

  it('opens without signal for the person who last logged in on this device, and for nobody else', async () => {
    localStorage.clear();
    let online = true;
    const client = await loadClient(() =>
      online ? Promise.resolve(new Response(tokenBody('t1'), { status: 200 })) : Promise.reject(new TypeError('offline')),
    );
    expect(await client.refreshSession()).toBe(true);

    // The next start-up has no signal.
    online = false;
    const offline = await loadClient(() => Promise.reject(new TypeError('offline')));
    expect(await offline.refreshSession()).toBe(false);
    expect(offline.authStore.getState()).toEqual({ status: 'authenticated', user, offline: true });
    expect(offline.authStore.getAccessToken()).toBeNull();

    // Logging out forgets them: the next start without signal is anonymous.
    offline.authStore.signOut('logout');
    const after = await loadClient(() => Promise.reject(new TypeError('offline')));
    await after.refreshSession();
    expect(after.authStore.getState()).toEqual({ status: 'anonymous', user: null });
  });
});
