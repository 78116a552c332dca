import i18next from 'i18next';
import { ApiError, errorMessage } from '../api/errors';
import type { Channel } from '../api/contacts';
import { newIdempotencyKey } from '../shared/idempotency';
import { type ConversationCreateBody, type OutboxContact, type OutboxEntry } from '../shared/outbox/outbox';

/** The contact a conversation is about, once picked from the search. */
export interface PickedContact {
  id: string;
  name: string;
}

export interface QuickLogValues {
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
  // A new contact, when none was picked.
  full_name: string;
  workplace_id: string;
  department_id: string;
  shift_id: string;
  phone: string;
}

export function emptyValues(myUserId: string): QuickLogValues {
  return {
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
    full_name: '',
    workplace_id: '',
    department_id: '',
    shift_id: '',
    phone: '',
  };
}

const blank = (value: string): string | null => (value.trim() === '' ? null : value.trim());
const PHONE = /^\+?[0-9 ().\-/]+$/;

function atMost(characters: number): string {
  return i18next.t('Use at most {characters, plural, one {# character} other {# characters}}', { characters });
}

/** The checks the API makes, so most mistakes show before anything is sent. */
export function validateQuickLog(
  values: QuickLogValues,
  picked: PickedContact | null,
): Partial<Record<keyof QuickLogValues, string>> {
  const errors: Partial<Record<keyof QuickLogValues, string>> = {};
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
            workplace_id: blank(values.workplace_id),
            department_id: blank(values.department_id),
            shift_id: blank(values.shift_id),
            phone: blank(values.phone),
          },
        };
  const conversation: ConversationCreateBody = {
    // The time it was logged, not the time it reaches the server.
    occurred_at: now.toISOString(),
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
export function fromEntry(entry: OutboxEntry, myUserId: string): { values: QuickLogValues; picked: PickedContact | null } {
  const values = emptyValues(myUserId);
  const c = entry.conversation;
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
    } else if (head !== undefined && FORM_FIELDS.has(head)) {
      name = head as keyof QuickLogValues;
    }
    if (name === undefined) unmatched.push(item.message);
    else fieldErrors[name] = fieldErrors[name] ? `${fieldErrors[name]} ${item.message}` : item.message;
  }
  const formError =
    unmatched.length > 0 ? unmatched.join(' ') : Object.keys(fieldErrors).length === 0 ? error.detail : null;
  return { fieldErrors, formError };
}
