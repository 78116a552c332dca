import { describe, expect, it } from 'vitest';
import type { Contact } from '../api/contacts';
import { committeeLabel, contactFieldLabel, contactToBody, contactToValues, emptyContactValues, valuesToBody } from './contactFields';

const onTheCommittee = {
  id: 'c1',
  full_name: 'Priya Shah',
  workplace_id: null,
  department_id: null,
  shift_id: null,
  job_title: 'Driver',
  union: null,
  membership_status: 'member',
  committee: true,
  phone: null,
  email: null,
  preferred_language: null,
  other_languages: [],
  organiser_id: null,
  tags: ['nights'],
  notes: null,
  source: null,
  lawful_basis: null,
  consent_note: null,
  external_id: null,
  assessment_level: 2,
  assessed_at: null,
  last_conversation_at: null,
  created_at: '2026-05-01T10:00:00Z',
  created_by: null,
  updated_at: '2026-05-01T10:00:00Z',
  updated_by: null,
  version: 3,
} satisfies Contact;

describe('the committee mark on the contact form', () => {
  it('starts unticked for a new contact, and a new contact is sent off the committee', () => {
    expect(emptyContactValues().committee).toBe(false);
    expect(valuesToBody({ ...emptyContactValues(), full_name: 'Ann' }).committee).toBe(false);
  });

  it('is ticked for a contact on the committee, and sent back as it is', () => {
    const values = contactToValues(onTheCommittee);
    expect(values.committee).toBe(true);
    expect(valuesToBody(values).committee).toBe(true);
    expect(contactToBody(onTheCommittee)).toMatchObject({ committee: true, job_title: 'Driver', tags: ['nights'] });
  });

  it('sends what the person ticked or unticked', () => {
    expect(valuesToBody({ ...contactToValues(onTheCommittee), committee: false }).committee).toBe(false);
    expect(valuesToBody({ ...emptyContactValues(), full_name: 'Ann', committee: true }).committee).toBe(true);
  });

  it('reads a queued change that holds the mark, and leaves it unticked when the change has none', () => {
    expect(contactToValues({ committee: true }).committee).toBe(true);
    expect(contactToValues({ phone: '07700 900123' }).committee).toBe(false);
  });

  it('is named in words, never as true or false', () => {
    expect(contactFieldLabel('committee')).toBe('Organising committee');
    expect(committeeLabel(true)).toBe('On the committee');
    expect(committeeLabel(false)).toBe('Not on the committee');
  });
});
