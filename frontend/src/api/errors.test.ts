import { afterEach, describe, expect, it, vi } from 'vitest';
import i18next from 'i18next';
import { LANGUAGES, SOURCE_LANGUAGE } from '../lib/languages';
import {
  API_ERROR_CODES,
  ApiError,
  CODE_MESSAGES,
  FIELD_ERROR_TYPES,
  errorMessage,
  fieldErrorMessage,
  parseRetryAfter,
  toApiError,
} from './errors';

// Every limit a field error's `ctx` can carry, so each type's message can be filled.
const EVERY_LIMIT = {
  min_length: 2,
  max_length: 200,
  gt: 0,
  ge: 1,
  lt: 10,
  le: 9,
  multiple_of: 5,
  decimal_places: 2,
  min_year: 1900,
  max_year: 2200,
  min_digits: 5,
  event_type: 'pay.rise',
  max_rows: 200_000,
  max_columns: 200,
  row: 3,
  column: 'Dept',
  other_column: 'Department',
  allowed: 'email, phone',
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('toApiError', () => {
  it('keeps the API error shape and shows the web app’s own message for the code', () => {
    const error = toApiError(409, { error: 'last_owner', detail: 'A group needs an owner' });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('last_owner');
    expect(error.detail).toBe('A group needs an owner');
    expect(error.fields).toEqual([]);
    expect(errorMessage(error)).toBe('A group needs at least one owner. Make someone else owner first.');
  });

  it('never shows the English detail of a code it does not know: the message for the status instead', () => {
    const error = toApiError(403, { error: 'something_new', detail: 'Some English words' });
    expect(errorMessage(error)).toBe('You do not have permission to do that.');
  });

  it('derives a field name from loc when field is missing', () => {
    const error = toApiError(422, {
      error: 'validation_error',
      detail: 'Invalid',
      fields: [{ loc: ['body', 'email'], message: 'Not an email' }, 'junk'],
    });
    expect(error.fields).toEqual([
      { field: 'email', loc: ['body', 'email'], type: 'invalid', ctx: {}, message: 'Check this value.', detail: 'Not an email' },
    ]);
  });

  it('words field errors from their type and limits, not from the API’s English', () => {
    const error = toApiError(422, {
      error: 'validation_error',
      detail: 'name: String should have at most 200 characters',
      fields: [
        { field: 'name', loc: ['body', 'name'], message: 'String should have at most 200 characters', type: 'string_too_long', ctx: { max_length: 200 } },
        { field: 'closes_on', loc: ['body', 'closes_on'], message: 'closes_on cannot be before opens_on', type: 'date_order' },
      ],
    });
    expect(error.fields.map((field) => field.message)).toEqual([
      'Use at most 200 characters',
      'The end cannot be before the start.',
    ]);
  });

  it('words a field error with a code of its own by that code', () => {
    const error = toApiError(422, {
      error: 'weak_password',
      detail: 'This password is too common',
      fields: [{ field: 'password', loc: ['body', 'password'], message: 'This password is too common', type: 'invalid' }],
    });
    expect(error.fields[0]?.message).toBe('Choose a stronger password: longer, and not a common word or your email.');
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

/** The English message (the catalogue key) each lookup asks i18next for. */
function messageKeys(read: () => void): string[] {
  const keys: string[] = [];
  vi.spyOn(i18next, 't').mockImplementation(((key: string) => {
    keys.push(key);
    return key;
  }) as never);
  read();
  return keys;
}

const catalogues = import.meta.glob<Record<string, string>>('../locales/*.json', { eager: true, import: 'default' });
const shipped = LANGUAGES.filter((language) => language.code !== SOURCE_LANGUAGE);

describe('every error the API can answer has a message in every language', () => {
  it.each(API_ERROR_CODES)('code %s has a message of its own', (code) => {
    expect(Object.hasOwn(CODE_MESSAGES, code)).toBe(true);
    const [key] = messageKeys(() => CODE_MESSAGES[code]);
    for (const language of shipped) {
      expect(catalogues[`../locales/${language.code}.json`]?.[key ?? ''], `${language.code}: ${code}`).toBeTruthy();
    }
  });

  it.each(FIELD_ERROR_TYPES)('field error type %s has a message of its own', (type) => {
    const keys = messageKeys(() => fieldErrorMessage('validation_error', type, EVERY_LIMIT));
    expect(keys).toHaveLength(1);
    if (type !== 'invalid') expect(keys[0]).not.toBe('Check this value.');
    for (const language of shipped) {
      expect(catalogues[`../locales/${language.code}.json`]?.[keys[0] ?? ''], `${language.code}: ${type}`).toBeTruthy();
    }
  });
});
