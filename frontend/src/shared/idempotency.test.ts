import { afterEach, describe, expect, it, vi } from 'vitest';
import { newIdempotencyKey } from './idempotency';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newIdempotencyKey', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('uses crypto.randomUUID where the page has it', () => {
    const key = newIdempotencyKey();
    expect(key).toMatch(UUID_V4);
  });

  it('still makes distinct v4 UUIDs on plain http, where crypto.randomUUID is missing', () => {
    const real = globalThis.crypto;
    // An insecure origin: getRandomValues is there, randomUUID is not.
    const insecure = {
      getRandomValues: (array: Uint8Array) => real.getRandomValues(array),
      randomUUID: undefined,
    };
    vi.stubGlobal('crypto', insecure);
    expect(Reflect.get(globalThis.crypto, 'randomUUID')).toBeUndefined();

    const keys = Array.from({ length: 200 }, () => newIdempotencyKey());
    for (const key of keys) expect(key).toMatch(UUID_V4);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
