import { useCallback, useRef } from 'react';

/**
 * A fresh Idempotency-Key, a version 4 UUID. `crypto.randomUUID` exists only
 * on secure pages (https or localhost); a group serving over plain http on its
 * own network builds the same kind of UUID from `crypto.getRandomValues`,
 * which every page has.
 */
export function newIdempotencyKey(): string {
  const { crypto } = globalThis;
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // Version 4 in the 7th byte's high half; the RFC 4122 variant in the 9th byte's top bits.
  const hex = Array.from(bytes, (b, i) => (i === 6 ? (b & 0x0f) | 0x40 : i === 8 ? (b & 0x3f) | 0x80 : b))
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One Idempotency-Key per thing being created: sending the same body again
 * (a retry after a dropped connection, a double tap) reuses the key, so the
 * server answers with the first result instead of creating a duplicate.
 */
export function useIdempotencyKey(): { keyFor: (body: unknown) => string; reset: () => void } {
  const last = useRef<{ key: string; body: string } | null>(null);
  const keyFor = useCallback((body: unknown) => {
    const text = JSON.stringify(body);
    if (last.current?.body !== text) last.current = { key: newIdempotencyKey(), body: text };
    return last.current.key;
  }, []);
  const reset = useCallback(() => {
    last.current = null;
  }, []);
  return { keyFor, reset };
}
