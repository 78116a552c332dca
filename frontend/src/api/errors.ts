import i18next from 'i18next';

/** One entry of the `fields` list the API returns with validation errors. */
export interface ApiFieldError {
  field: string;
  loc: (string | number)[];
  message: string;
}

/**
 * An error answered by the API, in its one error shape:
 * `{"error": "<code>", "detail": "<message>", "fields"?: [...]}`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fields: ApiFieldError[];
  /** Seconds from the Retry-After header, when the API sent one. */
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    code: string;
    detail: string;
    fields?: ApiFieldError[];
    retryAfter?: number | null;
  }) {
    super(init.detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.fields = init.fields ?? [];
    this.retryAfter = init.retryAfter ?? null;
  }
}

function genericMessage(status: number): string {
  switch (status) {
    case 0:
      return i18next.t('Could not reach the server. Check your connection and try again.');
    case 401:
      return i18next.t('Your session has ended. Please log in again.');
    case 403:
      return i18next.t('You do not have permission to do that.');
    case 404:
      return i18next.t('Not found.');
    case 429:
      return i18next.t('Too many attempts. Please wait and try again.');
    default:
      return i18next.t('The server answered with an error ({status}).', { status });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFields(value: unknown): ApiFieldError[] {
  if (!Array.isArray(value)) return [];
  const out: ApiFieldError[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.message !== 'string') continue;
    const loc = Array.isArray(item.loc)
      ? item.loc.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')
      : [];
    const field =
      typeof item.field === 'string' ? item.field : loc.length > 0 ? String(loc[loc.length - 1]) : '';
    out.push({ field, loc, message: item.message });
  }
  return out;
}

/** Parses a Retry-After header given in seconds or as an HTTP date. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** Builds an ApiError from a failed response and its (already parsed) body. */
export function toApiError(status: number, body: unknown, headers?: Headers): ApiError {
  const retryAfter = parseRetryAfter(headers?.get('Retry-After') ?? null);
  const fallback = genericMessage(status);
  if (isRecord(body)) {
    const code = typeof body.error === 'string' ? body.error : `http_${status}`;
    const detail = typeof body.detail === 'string' && body.detail !== '' ? body.detail : fallback;
    return new ApiError({ status, code, detail, fields: parseFields(body.fields), retryAfter });
  }
  return new ApiError({ status, code: `http_${status}`, detail: fallback, retryAfter });
}

export function networkError(): ApiError {
  return new ApiError({ status: 0, code: 'network_error', detail: genericMessage(0) });
}

/** A message to show a person for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  return i18next.t('Something went wrong. Please try again.');
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
