import { describe, expect, it } from 'vitest';
import { ApiError, errorMessage, parseRetryAfter, toApiError } from './errors';

describe('toApiError', () => {
  it('keeps the API error shape', () => {
    const error = toApiError(409, { error: 'last_owner', detail: 'A group needs an owner' });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('last_owner');
    expect(error.detail).toBe('A group needs an owner');
    expect(error.fields).toEqual([]);
    expect(errorMessage(error)).toBe('A group needs an owner');
  });

  it('derives a field name from loc when field is missing', () => {
    const error = toApiError(422, {
      error: 'validation_error',
      detail: 'Invalid',
      fields: [{ loc: ['body', 'email'], message: 'Not an email' }, 'junk'],
    });
    expect(error.fields).toEqual([{ field: 'email', loc: ['body', 'email'], message: 'Not an email' }]);
  });

  it('falls back to a readable message for bodies of another shape', () => {
    const error = toApiError(502, '<html>Bad gateway</html>');
    expect(error.code).toBe('http_502');
    expect(error.detail).toMatch(/502/);
    expect(toApiError(403, null).detail).toBe('You do not have permission to do that.');
  });

  it('reads Retry-After', () => {
    const headers = new Headers({ 'Retry-After': '120' });
    expect(toApiError(429, { error: 'too_many_attempts', detail: 'Slow down' }, headers).retryAfter).toBe(120);
  });
});

describe('parseRetryAfter', () => {
  it('accepts seconds and HTTP dates', () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('Sun, 01 Jun 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores missing or malformed values', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('')).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
