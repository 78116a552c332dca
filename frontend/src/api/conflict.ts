import { ApiError, networkError, toApiError } from './errors';

/** A 409 from an update: someone saved first. `current` is the record as it stands now. */
export class VersionConflict<T> extends ApiError {
  readonly current: T;

  constructor(error: ApiError, current: T) {
    super({ status: error.status, code: error.code, detail: error.detail, fields: error.fields });
    this.name = 'VersionConflict';
    this.current = current;
  }
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * Like `unwrap()`, but a version conflict (409, or 412 for If-Match) becomes a
 * VersionConflict carrying the saved record, so the screen can show both.
 */
export async function unwrapUpdate<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch {
    throw networkError();
  }
  if (result.response.ok) return result.data as T;
  const error = toApiError(result.response.status, result.error, result.response.headers);
  const body = result.error;
  if (
    error.code === 'version_conflict' &&
    typeof body === 'object' &&
    body !== null &&
    'current' in body &&
    typeof body.current === 'object' &&
    body.current !== null
  ) {
    throw new VersionConflict(error, body.current as T);
  }
  throw error;
}
