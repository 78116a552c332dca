import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import {
  emptyValues,
  fromEntry,
  mapQuickLogErrors,
  occurredAt,
  toRequest,
  validateQuickLog,
  whenDefaults,
  type QuickLogValues,
} from './form';
import type { ConversationEntry } from '../shared/outbox/outbox';

const ME = 'user-me';
const NOW = new Date('2026-05-04T17:45:00Z');

function values(change: Partial<QuickLogValues>): QuickLogValues {
  return { ...emptyValues(ME), ...change };
}

describe('validateQuickLog', () => {
  it('needs someone to have talked to: picked, or a name for a new contact', () => {
    expect(validateQuickLog(values({}), null)).toEqual({
      full_name: 'Enter their name, or pick someone from the search',
    });
    expect(validateQuickLog(values({}), { id: 'c1', name: 'Sam' })).toEqual({});
    expect(validateQuickLog(values({ full_name: 'Sam Okafor' }), null)).toEqual({});
  });

  it('checks a new contact’s phone as the API does', () => {
    expect(validateQuickLog(values({ full_name: 'Sam', phone: 'call me' }), null).phone).toMatch(/phone number/);
    expect(validateQuickLog(values({ full_name: 'Sam', phone: '12' }), null).phone).toMatch(/phone number/);
    expect(validateQuickLog(values({ full_name: 'Sam', phone: '+44 (0)7700 900-123' }), null).phone).toBeUndefined();
  });

  it('needs a title when a follow-up is added', () => {
    const picked = { id: 'c1', name: 'Sam' };
    expect(validateQuickLog(values({ followUp: true }), picked)).toEqual({ fu_title: 'Say what needs doing' });
    expect(validateQuickLog(values({ followUp: false }), picked)).toEqual({});
  });
});

describe('toRequest', () => {
  it('logs with a picked contact: one conversation with assessment and follow-up', () => {
    const request = toRequest(
      values({
        channel: 'phone',
        notes: '  Worried about the rota ',
        issues: ['rota'],
        level: '2',
        reason: '',
        followUp: true,
        fu_title: ' Talk to Sam again ',
        fu_due: '2026-05-11',
      }),
      { id: 'c1', name: 'Sam Okafor' },
      NOW,
    );
    expect(request).toEqual({
      contact: { kind: 'existing', id: 'c1', name: 'Sam Okafor' },
      conversation: {
        occurred_at: '2026-05-04T17:45:00.000Z',
        channel: 'phone',
        issues: ['rota'],
        notes: 'Worried about the rota',
        outcome: null,
        next_step: null,
        assessment: { level: 2, reason: null },
        follow_up: { title: 'Talk to Sam again', due_on: '2026-05-11', assignee_id: ME },
      },
    });
  });

  it('creates a new contact first, with its own Idempotency-Key, and sends no assessment when unchanged', () => {
    const request = toRequest(values({ full_name: ' Sam Okafor ', workplace_id: 'w1', phone: '07700 900123' }), null, NOW);
    expect(request.contact).toMatchObject({
      kind: 'new',
      body: {
        full_name: 'Sam Okafor',
        membership_status: 'unknown',
        committee: false,
        workplace_id: 'w1',
        department_id: null,
        shift_id: null,
        phone: '07700 900123',
      },
    });
    expect(request.contact.kind === 'new' && request.contact.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.conversation.assessment).toBeUndefined();
    expect(request.conversation.follow_up).toBeUndefined();
  });
});

describe('fromEntry', () => {
  const entry = (contact: ConversationEntry['contact']): ConversationEntry => ({
    kind: 'conversation',
    id: 'e1',
    userId: ME,
    groupId: 'g1',
    queuedAt: NOW.toISOString(),
    state: 'failed',
    attempts: 1,
    contact,
    conversation: {
      channel: 'meeting',
      notes: 'Long notes',
      issues: ['pay'],
      assessment: { level: 3, reason: 'Unsure' },
      follow_up: { title: 'Call back', due_on: null, assignee_id: null },
    },
  });

  it('puts everything back in the form, so a refused entry can be corrected', () => {
    const { values: restored, picked } = fromEntry(entry({ kind: 'existing', id: 'c1', name: 'Sam' }), ME);
    expect(picked).toEqual({ id: 'c1', name: 'Sam' });
    expect(restored).toMatchObject({
      channel: 'meeting',
      notes: 'Long notes',
      issues: ['pay'],
      level: '3',
      reason: 'Unsure',
      followUp: true,
      fu_title: 'Call back',
      fu_due: '',
      fu_assignee: '',
    });
  });

  it('uses the created contact once it exists, and the new contact’s fields before', () => {
    const body = { full_name: 'Jo New', membership_status: 'unknown' as const, committee: false, phone: '07700 900999' };
    expect(fromEntry(entry({ kind: 'new', key: 'k', body, createdId: 'c9' }), ME).picked).toEqual({ id: 'c9', name: 'Jo New' });
    const before = fromEntry(entry({ kind: 'new', key: 'k', body }), ME);
    expect(before.picked).toBeNull();
    expect(before.values).toMatchObject({ full_name: 'Jo New', phone: '07700 900999' });
  });
});

describe('mapQuickLogErrors', () => {
  it('puts nested API errors next to the follow-up and assessment fields', () => {
    const error = new ApiError({
      status: 422,
      code: 'validation_error',
      detail: 'Check the form',
      fields: [
        { field: 'follow_up.title', loc: ['body', 'follow_up', 'title'], message: 'Enter a title' },
        { field: 'follow_up.assignee_id', loc: ['body', 'follow_up', 'assignee_id'], message: 'Not a member' },
        { field: 'assessment.level', loc: ['body', 'assessment', 'level'], message: 'Use 1 to 5' },
        { field: 'notes', loc: ['body', 'notes'], message: 'Too long' },
        { field: 'phone', loc: ['body', 'phone'], message: 'Enter a phone number' },
      ],
    });
    expect(mapQuickLogErrors(error)).toEqual({
      fieldErrors: {
        fu_title: 'Enter a title',
        fu_assignee: 'Not a member',
        level: 'Use 1 to 5',
        notes: 'Too long',
        phone: 'Enter a phone number',
      },
      formError: null,
    });
  });

  it('shows what belongs to no field above the form', () => {
    const header = new ApiError({
      status: 422,
      code: 'idempotency_key_reused',
      detail: 'Reused key',
      fields: [{ field: 'Idempotency-Key', loc: ['header', 'Idempotency-Key'], message: 'Already used' }],
    });
    expect(mapQuickLogErrors(header)).toEqual({ fieldErrors: {}, formError: 'Already used' });
    const forbidden = new ApiError({ status: 403, code: 'forbidden', detail: 'You may not log conversations' });
    expect(mapQuickLogErrors(forbidden)).toEqual({ fieldErrors: {}, formError: 'You may not log conversations' });
  });
});

describe('validateQuickLog limits', () => {
  it('names the limits in the reader’s number format', () => {
    const picked = { id: 'c1', name: 'Ana' };
    expect(validateQuickLog(values({ notes: 'x'.repeat(20_001), issues: ['y'.repeat(51)] }), picked)).toEqual({
      notes: 'Use at most 20,000 characters',
      issues: 'Each issue must be at most 50 characters',
    });
    expect(validateQuickLog(values({ full_name: 'z'.repeat(201) }), null)).toEqual({
      full_name: 'Use at most 200 characters',
    });
  });
});

describe('when they talked', () => {
  // A Monday evening on the device's clock.
  const now = new Date(2026, 4, 4, 18, 40);
  const local = (day: number, hours: number, minutes: number) => new Date(2026, 4, day, hours, minutes).toISOString();
  const picked = { id: 'c1', name: 'Sam' };

  it('is now unless said otherwise', () => {
    expect(toRequest(values({}), picked, now).conversation.occurred_at).toBe(now.toISOString());
  });

  it('starts "earlier today" an hour ago and "yesterday" at this time, on the quarter hour', () => {
    expect(whenDefaults('earlier', now)).toEqual({ when_day: '2026-05-04', when_time: '17:30' });
    expect(whenDefaults('yesterday', now)).toEqual({ when_day: '2026-05-03', when_time: '18:30' });
    expect(whenDefaults('other', now)).toEqual({ when_day: '2026-05-02', when_time: '18:30' });
    expect(whenDefaults('earlier', new Date(2026, 4, 4, 0, 20))).toEqual({ when_day: '2026-05-04', when_time: '00:00' });
  });

  it('sends the day and time chosen, on the device’s clock', () => {
    const yesterday = values({ when: 'yesterday', when_time: '21:15' });
    expect(occurredAt(yesterday, now)?.toISOString()).toBe(local(3, 21, 15));
    expect(toRequest(yesterday, picked, now).conversation.occurred_at).toBe(local(3, 21, 15));
    const other = values({ when: 'other', when_day: '2026-04-28', when_time: '07:05' });
    expect(toRequest(other, picked, now).conversation.occurred_at).toBe(new Date(2026, 3, 28, 7, 5).toISOString());
  });

  it('refuses a time still to come, and a missing day or time, at the field', () => {
    expect(validateQuickLog(values({ when: 'earlier', when_time: '19:00' }), picked, now)).toEqual({
      when_time: 'That is still to come: enter when you talked',
    });
    expect(validateQuickLog(values({ when: 'other', when_day: '2026-05-05', when_time: '09:00' }), picked, now)).toEqual({
      when_day: 'That is still to come: enter when you talked',
    });
    expect(validateQuickLog(values({ when: 'yesterday', when_time: '23:59' }), picked, now)).toEqual({});
    expect(validateQuickLog(values({ when: 'other', when_day: '', when_time: '09:00' }), picked, now)).toEqual({
      when_day: 'Enter the day you talked',
    });
    expect(validateQuickLog(values({ when: 'earlier', when_time: '' }), picked, now)).toEqual({
      when_time: 'Enter the time you talked, like 14:30',
    });
  });

  it('puts a queued conversation’s time and follow-ups to close back in the form', () => {
    const entry: ConversationEntry = {
      kind: 'conversation',
      id: 'e1',
      userId: ME,
      groupId: 'g1',
      queuedAt: now.toISOString(),
      state: 'failed',
      attempts: 1,
      contact: { kind: 'existing', id: 'c1', name: 'Sam' },
      conversation: { channel: 'phone', occurred_at: local(3, 21, 15) },
      closeFollowUps: [{ id: 'fu-1', version: 2, title: 'Ask about the rota' }],
    };
    expect(fromEntry(entry, ME).values).toMatchObject({
      when: 'other',
      when_day: '2026-05-03',
      when_time: '21:15',
      close_follow_ups: ['fu-1'],
    });
  });

  it('shows the API’s refusal of the time next to the time', () => {
    const error = new ApiError({
      status: 422,
      code: 'validation_error',
      detail: 'Check the form',
      fields: [{ field: 'occurred_at', loc: ['body', 'occurred_at'], message: 'Must not be in the future' }],
    });
    expect(mapQuickLogErrors(error).fieldErrors).toEqual({ when_time: 'Must not be in the future' });
  });
});
