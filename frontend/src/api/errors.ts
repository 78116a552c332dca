import i18next from 'i18next';
import { translatedLabels } from '../lib/labels';
import { formatCount } from '../lib/format';
import errorTypes from './error-types.json';

/** The rule's numbers or names a field error comes with, e.g. `{ max_length: 200 }`. */
export type FieldErrorParams = Record<string, string | number | boolean>;

/** One entry of the `fields` list the API returns with validation errors. */
export interface ApiFieldError {
  field: string;
  loc: (string | number)[];
  /** What to show a person: the web app's own message for the error's type, in their language. */
  message: string;
  /** What is wrong, one of the API's fixed list (`error-types.json`). */
  type?: string;
  ctx?: FieldErrorParams;
  /** The API's English message, for logs and API users; never shown to a person. */
  detail?: string;
}

/** Every error code and field-error type the API answers with (kept equal to the API's by a backend test). */
export const API_ERROR_CODES: readonly string[] = errorTypes.codes;
export const FIELD_ERROR_TYPES: readonly string[] = errorTypes.fieldTypes;

/**
 * An error answered by the API, in its one error shape:
 * `{"error": "<code>", "detail": "<message>", "fields"?: [...]}`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The API's English `detail`, for logs and API users; `message` is what a person reads. */
  readonly detail: string;
  readonly fields: ApiFieldError[];
  /** Seconds from the Retry-After header, when the API sent one. */
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    code: string;
    detail: string;
    /** What to show a person (the web app's message for the code); the detail when not given. */
    message?: string;
    fields?: ApiFieldError[];
    retryAfter?: number | null;
  }) {
    super(init.message ?? init.detail);
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

/** The web app's own message for each error code the API answers with. */
export const CODE_MESSAGES = translatedLabels<string>({
  action_not_found: () => i18next.t('This solidarity action no longer exists.'),
  agenda_item_not_found: () => i18next.t('This agenda item no longer exists.'),
  already_nominated: () => i18next.t('This member is already nominated for this office.'),
  already_seconded: () => i18next.t('This nomination has already been seconded.'),
  already_signed: () => i18next.t('You have already signed this petition.'),
  already_voted: () => i18next.t('You have already taken your ballot for this vote.'),
  amendments_pending: () => i18next.t('Decide every amendment before the motion itself is put to the vote.'),
  api_token_not_found: () => i18next.t('This API token no longer exists.'),
  article_not_found: () => i18next.t('This article no longer exists.'),
  assessment_not_found: () => i18next.t('This assessment no longer exists.'),
  bad_request: () => i18next.t('The request could not be processed.'),
  ballot_already_cast: () => i18next.t('A ballot with this token is already in the box.'),
  ballot_carries_credentials: () => i18next.t('A ballot must be sent without your login.'),
  ballot_not_closed: () => i18next.t('Enter the result once the ballot has closed.'),
  ballot_not_found: () => i18next.t('This ballot no longer exists.'),
  bulletin_not_found: () => i18next.t('This bulletin no longer exists.'),
  ballot_refused: () => i18next.t('This ballot is not signed for this vote.'),
  call_list_entry_not_found: () => i18next.t('This person is no longer on the list.'),
  call_list_not_found: () => i18next.t('This call list no longer exists.'),
  campaign_not_found: () => i18next.t('This campaign no longer exists.'),
  candidates_share_a_name: () => i18next.t('Two candidates have the same name. One of them should change how their name is shown before the election.'),
  chair_only: () => i18next.t('Only a chair can do this.'),
  challenge_invalid: () => i18next.t('This sign-in step has expired or was already used. Start again.'),
  conflict: () => i18next.t('This clashes with a change made meanwhile. Reload and try again.'),
  contact_already_linked: () => i18next.t('This contact is already linked to the dispute. Change their part instead.'),
  contact_not_found: () => i18next.t('This contact no longer exists.'),
  conversation_not_found: () => i18next.t('This conversation no longer exists.'),
  cursor_expired: () => i18next.t('This list is too old to continue. Load it again from the start.'),
  date_in_future: () => i18next.t('That date is still to come. Confirm it if you meant it.'),
  date_in_past: () => i18next.t('That date has already passed. Confirm it if you meant it.'),
  decision_not_found: () => i18next.t('This decision no longer exists.'),
  demand_not_found: () => i18next.t('This demand no longer exists.'),
  department_not_found: () => i18next.t('This department no longer exists.'),
  dispute_contact_not_found: () => i18next.t('This contact is not linked to the dispute.'),
  dispute_not_found: () => i18next.t('This dispute no longer exists.'),
  edition_empty: () => i18next.t('Add an article before printing.'),
  edition_language_incomplete: () =>
    i18next.t(
      'Not every article is written in this language yet.',
    ),
  edition_not_found: () => i18next.t('This edition no longer exists.'),
  election_under_way: () => i18next.t('An election for this office is being held.'),
  email_taken: () => i18next.t('An account with this email already exists. Log in or reset your password.'),
  email_unchanged: () => i18next.t('This is already your email address.'),
  erasure_not_confirmed: () => i18next.t('Type the contact’s full name exactly as it is held to confirm the erasure.'),
  event_not_found: () => i18next.t('This timeline event no longer exists.'),
  feedback_not_found: () => i18next.t('This feedback no longer exists.'),
  follow_up_not_found: () => i18next.t('This follow-up no longer exists.'),
  forbidden: () => i18next.t('You do not have permission to do that.'),
  front_page_full: () =>
    i18next.t(
      'The front has room for two main articles: put this one on the back.',
    ),
  fund_entry_already_reversed: () => i18next.t('This entry has already been reversed.'),
  fund_entry_is_a_reversal: () => i18next.t('A reversal cannot itself be reversed.'),
  fund_entry_not_found: () => i18next.t('This strike fund entry no longer exists.'),
  gone: () => i18next.t('This no longer exists.'),
  group_not_found: () => i18next.t('This group does not exist, or you are not in it.'),
  handout_not_found: () => i18next.t('This hand-out no longer exists.'),
  http_error: () => i18next.t('The request could not be processed.'),
  idempotency_key_in_progress: () => i18next.t('This is still being saved. Wait a moment and try again.'),
  idempotency_key_reused: () => i18next.t('This was already sent with different content. Start again.'),
  identification_check_incomplete: () =>
    i18next.t(
      'Run the identification check, confirm every finding and tick the checklist before printing.',
    ),
  identification_check_outdated: () =>
    i18next.t(
      'The text changed since the identification check: run it again.',
    ),
  import_not_found: () => i18next.t('This import no longer exists.'),
  import_not_mapped: () => i18next.t('Match the columns first.'),
  import_not_run: () => i18next.t('There is no report yet: the import has not run.'),
  import_report_deleted: () => i18next.t('The report of this import has been deleted.'),
  import_run_in_progress: () => i18next.t('Another import of this group is running. Start this one when it has finished.'),
  import_state_conflict: () => i18next.t('This import cannot do that at this stage.'),
  insufficient_scope: () => i18next.t('This API token is not allowed to do that.'),
  internal_error: () => i18next.t('Something went wrong on our side. Please try again.'),
  invalid_code: () => i18next.t('That code is not right. Try the newest one.'),
  invalid_credentials: () => i18next.t('Email or password is not right.'),
  invalid_cursor: () => i18next.t('This list could not be continued. Load it again from the start.'),
  invalid_email_change_token: () =>
    i18next.t('This confirmation link is not valid, was already used or has expired. Ask for the change again.'),
  invalid_reset_token: () => i18next.t('This reset link is not valid or has expired.'),
  invalid_second_factor: () => i18next.t('That code or passkey is not right.'),
  invalid_signup_token: () => i18next.t('This sign-up link is not valid or has expired. Sign up again for a new one.'),
  invalid_token: () => i18next.t('Your session is not valid. Please log in again.'),
  invite_expired: () => i18next.t('This invite has expired or was already used. Ask for a new one.'),
  invite_not_found: () => i18next.t('This invite link is not valid.'),
  invite_wrong_account: () => i18next.t('This invite was sent to another email address.'),
  last_owner: () => i18next.t('A group needs at least one owner. Make someone else owner first.'),
  meeting_not_found: () => i18next.t('This meeting no longer exists.'),
  member_not_found: () => i18next.t('This person is no longer in the group.'),
  method_not_allowed: () => i18next.t('The request could not be processed.'),
  motion_already_seconded: () => i18next.t('Someone has already seconded this motion.'),
  motion_being_voted: () => i18next.t('This motion has been put to the vote: it can\'t be changed now.'),
  motion_decided: () => i18next.t('This motion is no longer before the meeting.'),
  motion_not_found: () => i18next.t('This motion no longer exists.'),
  motion_not_seconded: () => i18next.t('A motion needs a seconder before it is put to the vote.'),
  motion_seconded: () => i18next.t('A seconded motion\'s wording changes only by amendment.'),
  name_taken: () => i18next.t('That name is already used here.'),
  nomination_closed: () => i18next.t('This nomination has gone forward to an election.'),
  nomination_not_found: () => i18next.t('This nomination no longer exists.'),
  not_assigned: () => i18next.t('This list isn\'t assigned to you.'),
  not_authenticated: () => i18next.t('Your session has ended. Please log in again.'),
  not_enough_candidates: () => i18next.t('An election needs at least as many seconded nominations as the office has seats.'),
  not_entitled_to_vote: () => i18next.t('Your role in the group does not give you a vote in this one.'),
  not_found: () => i18next.t('Not found.'),
  not_in_group: () => i18next.t('Choose someone or something from this group.'),
  not_proposer: () => i18next.t('Only whoever proposed it, or a chair, can do this.'),
  not_your_nomination: () => i18next.t('Only the proposer, the candidate or an organiser can withdraw a nomination.'),
  not_your_term: () => i18next.t('Only the holder or an organiser can end a term early.'),
  office_full: () => i18next.t('Every seat of this office is held.'),
  office_not_found: () => i18next.t('This office no longer exists.'),
  office_term_not_found: () => i18next.t('This term of office no longer exists.'),
  passkey_already_registered: () => i18next.t('This passkey is already registered.'),
  passkey_not_found: () => i18next.t('This passkey is no longer on your account.'),
  passkey_refused: () => i18next.t('That passkey is not registered here or could not be checked.'),
  payload_too_large: () => i18next.t('This is too large to send.'),
  petition_closed: () => i18next.t('This petition is no longer collecting signatures.'),
  precondition_failed: () => i18next.t('This changed since you opened it. Reload and try again.'),
  rate_limited: () => i18next.t('Too many requests. Please wait and try again.'),
  read_limit_reached: () => i18next.t('You have opened as many records as your role allows this hour. Try again later.'),
  recall_petition_not_found: () => i18next.t('This recall petition no longer exists.'),
  recall_under_way: () => i18next.t('A recall petition against this holder is already under way.'),
  refresh_rejected: () => i18next.t('Your session has ended. Please log in again.'),
  reserved_by_another: () => i18next.t('Someone else is calling this person right now.'),
  saved_filter_not_found: () => i18next.t('This saved filter no longer exists.'),
  seconder_not_allowed: () => i18next.t('The proposer and the candidate cannot second a nomination.'),
  service_unavailable: () => i18next.t('The server is busy or under maintenance. Try again shortly.'),
  session_ended: () => i18next.t('Your session has ended. Please log in again.'),
  session_not_found: () => i18next.t('This signed-in session no longer exists.'),
  structure_test_not_found: () => i18next.t('This structure test no longer exists.'),
  shift_not_found: () => i18next.t('This shift no longer exists.'),
  signup_closed: () => i18next.t('Sign-up on this server needs an invite link.'),
  story_not_found: () => i18next.t('This story no longer exists.'),
  term_ended: () => i18next.t('This term has already ended.'),
  tip_link_not_found: () => i18next.t('This tip page has been switched off or its link has changed. Ask the group for the new link.'),
  token_not_allowed: () => i18next.t('API tokens cannot do that.'),
  too_many_attempts: () => i18next.t('Too many attempts. Please wait and try again.'),
  totp_already_enabled: () => i18next.t('An authenticator app is already set up. Turn it off first to set up another.'),
  totp_not_enabled: () => i18next.t('No authenticator app is set up.'),
  totp_not_started: () => i18next.t('Start setting up an authenticator app first.'),
  two_factor_not_enabled: () => i18next.t('Set up two-factor login first.'),
  voter_not_found: () => i18next.t('This person is no longer on the ballot roll.'),
  worker_not_in_scope: () => i18next.t('This worker is not in the structure test’s scope.'),
  two_factor_required: () =>
    i18next.t('This needs two-factor login. Set it up on your account page, or sign in again with it.'),
  validation_error: () => i18next.t('Some fields need changing before this can be saved.'),
  version_conflict: () => i18next.t('Someone else changed this since you opened it. Review their change.'),
  version_required: () => i18next.t('This changed since you opened it. Reload and try again.'),
  vote_not_closed: () => i18next.t('The ballots are published when the vote closes.'),
  vote_not_draft: () => i18next.t('This vote has already been opened.'),
  vote_not_found: () => i18next.t('This vote no longer exists.'),
  vote_not_open: () => i18next.t('This vote is not open for voting.'),
  weak_password: () => i18next.t('Choose a stronger password: longer, and not a common word or your email.'),
  webhook_not_found: () => i18next.t('This webhook no longer exists.'),
  webhook_target_refused: () => i18next.t('This address cannot receive webhooks. Use a public https:// address.'),
  workplace_not_found: () => i18next.t('This workplace no longer exists.'),
  wrong_kind_of_vote: () => i18next.t('This vote is not counted that way.'),
});

function ownCodeMessage(code: string): string | undefined {
  return Object.hasOwn(CODE_MESSAGES, code) ? CODE_MESSAGES[code] : undefined;
}

function param(ctx: FieldErrorParams, name: string): string | number | null {
  const value = ctx[name];
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

/** The web app's own message for a field error's type, filled from its `ctx`; null when it needs a value the API did not send. */
function fieldTypeMessage(type: string, ctx: FieldErrorParams): string | null {
  const limit = (name: string) => param(ctx, name);
  switch (type) {
    case 'missing':
      return i18next.t('Fill this in.');
    case 'not_null':
      return i18next.t('This cannot be left empty.');
    case 'not_blank':
      return i18next.t('Enter some text, not only spaces.');
    case 'extra_forbidden':
      return i18next.t('This field is not accepted here.');
    case 'string_type':
    case 'int_type':
    case 'float_type':
    case 'decimal_type':
    case 'bool_type':
    case 'uuid_type':
    case 'date_type':
    case 'datetime_type':
    case 'list_type':
    case 'dict_type':
    case 'model_type':
    case 'model_attributes_type':
    case 'json_type':
      return i18next.t('This is the wrong kind of value.');
    case 'string_too_short':
    case 'too_short': {
      const min = limit('min_length');
      if (min === null) return null;
      return type === 'too_short'
        ? i18next.t('{min, plural, one {Give at least # item} other {Give at least # items}}', { min })
        : i18next.t('{min, plural, one {Use at least # character} other {Use at least # characters}}', { min });
    }
    case 'string_too_long':
    case 'too_long': {
      const max = limit('max_length');
      if (max === null) return null;
      return type === 'too_long'
        ? i18next.t('{max, plural, one {Give at most # item} other {Give at most # items}}', { max })
        : i18next.t('{max, plural, one {Use at most # character} other {Use at most # characters}}', { max });
    }
    case 'string_pattern_mismatch':
      return i18next.t('This is not in the expected form.');
    case 'int_parsing':
    case 'int_from_float':
      return i18next.t('Enter a whole number.');
    case 'float_parsing':
    case 'decimal_parsing':
      return i18next.t('Enter a number.');
    case 'decimal_max_places': {
      const places = limit('decimal_places');
      return places === null
        ? null
        : i18next.t('{places, plural, one {Use at most # decimal place} other {Use at most # decimal places}}', { places });
    }
    case 'decimal_max_digits':
    case 'decimal_whole_digits':
      return i18next.t('This number is too large.');
    case 'bool_parsing':
      return i18next.t('Choose yes or no.');
    case 'greater_than': {
      const value = limit('gt');
      return value === null ? null : i18next.t('Enter more than {value}.', { value });
    }
    case 'greater_than_equal': {
      const value = limit('ge');
      return value === null ? null : i18next.t('Enter {value} or more.', { value });
    }
    case 'less_than': {
      const value = limit('lt');
      return value === null ? null : i18next.t('Enter less than {value}.', { value });
    }
    case 'less_than_equal': {
      const value = limit('le');
      return value === null ? null : i18next.t('Enter {value} or less.', { value });
    }
    case 'multiple_of': {
      const value = limit('multiple_of');
      return value === null ? null : i18next.t('Enter a multiple of {value}.', { value });
    }
    case 'literal_error':
    case 'enum':
      return i18next.t('Choose one of the options offered.');
    case 'uuid_parsing':
      return i18next.t('This does not name a record.');
    case 'date_parsing':
    case 'date_from_datetime_parsing':
    case 'date_from_datetime_inexact':
      return i18next.t('Enter a valid date.');
    case 'datetime_parsing':
    case 'datetime_from_date_parsing':
      return i18next.t('Enter a valid date and time.');
    case 'timezone_aware':
      return i18next.t('Give the time with its time zone.');
    case 'json_invalid':
      return i18next.t('The request could not be read.');
    case 'email':
      return i18next.t('Enter a valid email address.');
    case 'url':
      return i18next.t('Enter a valid web address.');
    case 'year_range': {
      const from = limit('min_year');
      const to = limit('max_year');
      return from === null || to === null ? null : i18next.t('Give a date between {from} and {to}.', { from, to });
    }
    case 'in_the_future':
      return i18next.t('This time is in the future.');
    case 'not_in_the_future':
      return i18next.t('Choose a time in the future.');
    case 'date_order':
      return i18next.t('The end cannot be before the start.');
    case 'exactly_one':
      return i18next.t('Give exactly one of these.');
    case 'not_in_group':
      return i18next.t('Choose someone or something from this group.');
    case 'unstorable_text':
      return i18next.t('Remove the invisible control character: it cannot be saved.');
    case 'phone_number': {
      const digits = limit('min_digits');
      return digits === null
        ? null
        : i18next.t('Enter a phone number of at least {digits} digits, using only digits, spaces and + ( ) - . /', {
            digits,
          });
    }
    case 'unknown_event_type': {
      const name = limit('event_type');
      return name === null ? null : i18next.t('“{name}” is not an event that can be sent.', { name });
    }
    case 'unknown_language':
      return i18next.t('Choose a language from the list.');
    case 'repeated_item':
      return i18next.t('Give each one only once.');
    case 'file_empty':
      return i18next.t('The file is empty: it needs a header row and at least one row under it.');
    case 'too_many_rows': {
      const rows = limit('max_rows');
      return rows === null
        ? null
        : i18next.t('The file has more than {rows} rows. Split it into several imports.', { rows: formatCount(Number(rows)) });
    }
    case 'too_many_columns': {
      const columns = limit('max_columns');
      return columns === null
        ? null
        : i18next.t('The file has more than {columns} columns.', { columns: formatCount(Number(columns)) });
    }
    case 'row_too_long':
      return i18next.t('A row of the file is far too long. Is it a CSV file?');
    case 'cell_too_long': {
      const row = limit('row');
      const max = limit('max_length');
      return row === null || max === null
        ? null
        : i18next.t('Row {row} has a cell longer than {max} characters.', { row, max: formatCount(Number(max)) });
    }
    case 'csv_row_unreadable': {
      const row = limit('row');
      return row === null ? null : i18next.t('Row {row} cannot be read as CSV. Check its quotation marks.', { row });
    }
    case 'not_csv':
      return i18next.t('The file is not text. Upload a CSV or an Excel (.xlsx) file.');
    case 'not_csv_or_workbook':
      return i18next.t('The file is neither CSV text nor an Excel workbook (.xlsx).');
    case 'workbook_unreadable':
      return i18next.t('This workbook cannot be read. Save the sheet as CSV and upload that.');
    case 'wrong_encoding':
      return i18next.t('The file is not in the characters chosen. Choose another encoding.');
    case 'unknown_encoding':
      return i18next.t('The file’s characters cannot be read. Save it from your spreadsheet as CSV (UTF-8).');
    case 'unknown_column': {
      const column = limit('column');
      return column === null ? null : i18next.t('The file has no column called “{column}”.', { column });
    }
    case 'not_importable':
      return i18next.t('This column cannot be imported into that field. Choose another.');
    case 'mapped_twice': {
      const other = limit('other_column');
      return other === null ? null : i18next.t('“{other}” already goes into this field. Choose one of the two.', { other });
    }
    case 'name_mapped_twice':
      return i18next.t('Choose either a full name column or first and last name columns, not both.');
    case 'name_not_mapped':
      return i18next.t('Choose the column that holds the names.');
    case 'unknown_match_key': {
      const allowed = limit('allowed');
      return allowed === null ? null : i18next.t('Match people by these only: {allowed}.', { allowed });
    }
    default:
      return null;
  }
}

/**
 * What to show a person for one field error: the message for its type in their language,
 * or for errors with a code of their own (a wrong code, a weak password), that code's message.
 */
export function fieldErrorMessage(code: string, type: string, ctx: FieldErrorParams): string {
  const own = code === 'validation_error' ? undefined : ownCodeMessage(code);
  return own ?? fieldTypeMessage(type, ctx) ?? i18next.t('Check this value.');
}

/** What to show a person for an error code; the generic message for its status when the code is unknown. */
export function codeMessage(code: string, status: number): string {
  return ownCodeMessage(code) ?? genericMessage(status);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseParams(value: unknown): FieldErrorParams {
  if (!isRecord(value)) return {};
  const params: FieldErrorParams = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') params[key] = item;
  }
  return params;
}

function parseFields(value: unknown, code: string): ApiFieldError[] {
  if (!Array.isArray(value)) return [];
  const out: ApiFieldError[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.message !== 'string') continue;
    const loc = Array.isArray(item.loc)
      ? item.loc.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')
      : [];
    const field =
      typeof item.field === 'string' ? item.field : loc.length > 0 ? String(loc[loc.length - 1]) : '';
    const type = typeof item.type === 'string' ? item.type : 'invalid';
    const ctx = parseParams(item.ctx);
    out.push({ field, loc, type, ctx, message: fieldErrorMessage(code, type, ctx), detail: item.message });
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
    return new ApiError({
      status,
      code,
      detail,
      message: codeMessage(code, status),
      fields: parseFields(body.fields, code),
      retryAfter,
    });
  }
  return new ApiError({ status, code: `http_${status}`, detail: fallback, message: fallback, retryAfter });
}

export function networkError(): ApiError {
  const message = genericMessage(0);
  return new ApiError({ status: 0, code: 'network_error', detail: message, message });
}

/** A message to show a person for any error thrown by a query or mutation: the web app's own, in their language. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return i18next.t('Something went wrong. Please try again.');
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
