import i18next from 'i18next';
import { ApiError, errorMessage } from '../api/errors';
import type { Channel } from '../api/contacts';
import { newIdempotencyKey } from '../shared/idempotency';
import { addDays, parseDay, toDay, today } from '../lib/days';
import { type ConversationCreateBody, type ConversationEntry, type OutboxContact } from '../shared/outbox/outbox';

/** The contact a conversation is about, once picked from the search. */
export interface PickedContact {
  id: string;
  name: string;
}

/** When the conversation happened: the shortcuts, or a day and time picked. */
export type When = 'now' | 'earlier' | 'yesterday' | 'other';

export interface QuickLogValues {
  when: When;
  /** `YYYY-MM-DD`, for `other` (the shortcuts name their own day). */
  when_day: string;
  /** `HH:MM` on the device's clock, for every choice but `now`. */
  when_time: string;
  channel: Channel;
  notes: string;
  issues: string[];
  outcome: string;
  next_step: string;
  /** '' for no new assessment, otherwise '1'…'5'. */
  level: string;
  reason: string;
  followUp: boolean;
  fu_title: string;
  fu_due: string;
  fu_assignee: string;
  /** Ids of the contact's open follow-ups to close with this conversation. */
  close_follow_ups: string[];
  // A new contact, when none was picked.
  full_name: string;
  workplace_id: string;
  department_id: string;
  shift_id: string;
  phone: string;
}

export function emptyValues(myUserId: string): QuickLogValues {
  return {
    when: 'now',
    when_day: '',
    when_time: '',
    channel: 'in_person',
    notes: '',
    issues: [],
    outcome: '',
    next_step: '',
    level: '',
    reason: '',
    followUp: false,
    fu_title: '',
    fu_due: '',
    fu_assignee: myUserId,
    close_follow_ups: [],
    full_name: '',
    workplace_id: '',
    department_id: '',
    shift_id: '',
    phone: '',
  };
}

const blank = (value: string): string | null => (value.trim() === '' ? null : value.trim());

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const pad = (n: number) => String(n).padStart(2, '0');
const clock = (date: Date) => `${pad(date.getHours())}:${pad(date.getMinutes())}`;

/** A time of day a little before `date`, on the quarter hour, never before midnight. */
function quarterBefore(date: Date, minutes: number): string {
  const earlier = new Date(date.getTime() - minutes * 60_000);
  if (toDay(earlier) !== toDay(date)) return '00:00';
  earlier.setMinutes(earlier.getMinutes() - (earlier.getMinutes() % 15));
  return clock(earlier);
}

/**
 * The day and time a "when" choice starts from, for the person to adjust:
 * earlier today, an hour ago; yesterday, this time of day; another day, the
 * day before yesterday at this time.
 */
export function whenDefaults(when: When, now: Date): Pick<QuickLogValues, 'when_day' | 'when_time'> {
  switch (when) {
    case 'now':
      return { when_day: '', when_time: '' };
    case 'earlier':
      return { when_day: today(now), when_time: quarterBefore(now, 60) };
    case 'yesterday':
      return { when_day: addDays(today(now), -1), when_time: quarterBefore(now, 0) };
    case 'other':
      return { when_day: addDays(today(now), -2), when_time: quarterBefore(now, 0) };
  }
}

/** The moment the conversation happened, or null while the day or time is incomplete. */
export function occurredAt(values: Pick<QuickLogValues, 'when' | 'when_day' | 'when_time'>, now: Date): Date | null {
  if (values.when === 'now') return now;
  const day =
    values.when === 'earlier' ? today(now) : values.when === 'yesterday' ? addDays(today(now), -1) : values.when_day;
  const date = parseDay(day);
  const time = TIME.exec(values.when_time);
  if (date === null || time === null) return null;
  date.setHours(Number(time[1]), Number(time[2]));
  return date;
}
const PHONE = /^\+?[0-9 ().\-/]+$/;

function atMost(characters: number): string {
  return i18next.t('Use at most {characters, plural, one {# character} other {# characters}}', { characters });
}

/** The checks the API makes, so most mistakes show before anything is sent. */
export function validateQuickLog(
  values: QuickLogValues,
  picked: PickedContact | null,
  now: Date = new Date(),
): Partial<Record<keyof QuickLogValues, string>> {
  const errors: Partial<Record<keyof QuickLogValues, string>> = {};
  if (values.when === 'other' && parseDay(values.when_day) === null) {
    errors.when_day = i18next.t('Enter the day you talked');
  } else if (values.when !== 'now' && !TIME.test(values.when_time)) {
    errors.when_time = i18next.t('Enter the time you talked, like 14:30');
  } else {
    const moment = occurredAt(values, now);
    if (moment !== null && moment.getTime() > now.getTime()) {
      const message = i18next.t('That is still to come: enter when you talked');
      if (values.when === 'other' && values.when_day > today(now)) errors.when_day = message;
      else errors.when_time = message;
    }
  }
  if (picked === null) {
    if (values.full_name.trim() === '') {
      errors.full_name = i18next.t('Enter their name, or pick someone from the search');
    } else if (values.full_name.trim().length > 200) errors.full_name = atMost(200);
    const phone = values.phone.trim();
    if (phone !== '' && (!PHONE.test(phone) || phone.replace(/\D/g, '').length < 5)) {
      errors.phone = i18next.t('Enter a phone number: digits, spaces and + ( ) - . / only');
    }
  }
  if (values.followUp) {
    if (values.fu_title.trim() === '') errors.fu_title = i18next.t('Say what needs doing');
    else if (values.fu_title.trim().length > 300) errors.fu_title = atMost(300);
  }
  for (const field of ['notes', 'outcome', 'next_step', 'reason'] as const) {
    if (values[field].length > 20_000) errors[field] = atMost(20_000);
  }
  if (values.issues.some((issue) => issue.trim().length > 50)) {
    errors.issues = i18next.t('Each issue must be at most {characters, plural, one {# character} other {# characters}}', {
      characters: 50,
    });
  }
  return errors;
}

/** What goes into the queue: the contact (to create, or picked) and the conversation. */
export function toRequest(
  values: QuickLogValues,
  picked: PickedContact | null,
  now: Date,
): { contact: OutboxContact; conversation: ConversationCreateBody } {
  const contact: OutboxContact =
    picked !== null
      ? { kind: 'existing', id: picked.id, name: picked.name }
      : {
          kind: 'new',
          key: newIdempotencyKey(),
          body: {
            full_name: values.full_name.trim(),
            membership_status: 'unknown',
            committee: false,
            workplace_id: blank(values.workplace_id),
            department_id: blank(values.department_id),
            shift_id: blank(values.shift_id),
            phone: blank(values.phone),
          },
        };
  const conversation: ConversationCreateBody = {
    // When they talked (by default, when it was logged), never when it reaches the server.
    occurred_at: (occurredAt(values, now) ?? now).toISOString(),
    channel: values.channel,
    issues: values.issues,
    notes: blank(values.notes),
    outcome: blank(values.outcome),
    next_step: blank(values.next_step),
  };
  if (values.level !== '') {
    conversation.assessment = { level: Number(values.level), reason: blank(values.reason) };
  }
  if (values.followUp) {
    conversation.follow_up = {
      title: values.fu_title.trim(),
      due_on: blank(values.fu_due),
      assignee_id: blank(values.fu_assignee),
    };
  }
  return { contact, conversation };
}

/** Puts a queued entry back into the form, to fix what the server refused. */
export function fromEntry(entry: ConversationEntry, myUserId: string): { values: QuickLogValues; picked: PickedContact | null } {
  const values = emptyValues(myUserId);
  const c = entry.conversation;
  const moment = c.occurred_at ? new Date(c.occurred_at) : null;
  if (moment !== null && !Number.isNaN(moment.getTime())) {
    values.when = 'other';
    values.when_day = toDay(moment);
    values.when_time = clock(moment);
  }
  values.close_follow_ups = (entry.closeFollowUps ?? []).map((followUp) => followUp.id);
  values.channel = c.channel;
  values.notes = c.notes ?? '';
  values.issues = c.issues ?? [];
  values.outcome = c.outcome ?? '';
  values.next_step = c.next_step ?? '';
  if (c.assessment) {
    values.level = c.assessment.level === null ? '' : String(c.assessment.level);
    values.reason = c.assessment.reason ?? '';
  }
  if (c.follow_up) {
    values.followUp = true;
    values.fu_title = c.follow_up.title;
    values.fu_due = c.follow_up.due_on ?? '';
    values.fu_assignee = c.follow_up.assignee_id ?? '';
  }
  let picked: PickedContact | null = null;
  if (entry.contact.kind === 'existing') {
    picked = { id: entry.contact.id, name: entry.contact.name };
  } else if (entry.contact.createdId !== undefined) {
    picked = { id: entry.contact.createdId, name: entry.contact.body.full_name };
  } else {
    const body = entry.contact.body;
    values.full_name = body.full_name;
    values.workplace_id = body.workplace_id ?? '';
    values.department_id = body.department_id ?? '';
    values.shift_id = body.shift_id ?? '';
    values.phone = body.phone ?? '';
  }
  return { values, picked };
}

const NESTED: Record<string, Record<string, keyof QuickLogValues>> = {
  follow_up: { title: 'fu_title', due_on: 'fu_due', assignee_id: 'fu_assignee', notes: 'fu_title' },
  assessment: { level: 'level', reason: 'reason' },
};
const FORM_FIELDS = new Set<string>(Object.keys(emptyValues('')));
/** API fields the form shows under another name. */
const RENAMED: Record<string, keyof QuickLogValues> = { occurred_at: 'when_time' };

/**
 * Places the API's field errors next to the form's fields: `follow_up.title`
 * goes to the follow-up's title, `full_name` (from creating the contact) to
 * the new contact's name. Anything else is shown above the form.
 */
export function mapQuickLogErrors(error: unknown): {
  fieldErrors: Partial<Record<keyof QuickLogValues, string>>;
  formError: string | null;
} {
  if (!(error instanceof ApiError)) return { fieldErrors: {}, formError: errorMessage(error) };
  const fieldErrors: Partial<Record<keyof QuickLogValues, string>> = {};
  const unmatched: string[] = [];
  for (const item of error.fields) {
    const path = item.loc.filter((part): part is string => typeof part === 'string' && part !== 'body');
    let name: keyof QuickLogValues | undefined;
    const [head, next] = path;
    if (head !== undefined && next !== undefined && NESTED[head]?.[next] !== undefined) {
      name = NESTED[head][next];
    } else if (head !== undefined && RENAMED[head] !== undefined) {
      name = RENAMED[head];
    } else if (head !== undefined && FORM_FIELDS.has(head)) {
      name = head as keyof QuickLogValues;
    }
    if (name === undefined) unmatched.push(item.message);
    else fieldErrors[name] = fieldErrors[name] ? `${fieldErrors[name]} ${item.message}` : item.message;
  }
  const formError =
    unmatched.length > 0 ? unmatched.join(' ') : Object.keys(fieldErrors).length === 0 ? error.message : null;
  return { fieldErrors, formError };
}
