import { describe, expect, it } from 'vitest';
import type { Contact } from '../api/contacts';
import { defaultSides, differingChoices, fieldsFromMerged } from './mergeChoices';

function contact(overrides: Partial<Contact>): Contact {
  return {
    id: 'c1',
    full_name: 'Jill Wright',
    workplace_id: null,
    department_id: null,
    shift_id: null,
    job_title: null,
    union: null,
    membership_status: 'unknown',
    committee: false,
    phone: null,
    email: null,
    preferred_language: null,
    other_languages: [],
    organiser_id: null,
    tags: [],
    notes: null,
    source: null,
    lawful_basis: null,
    consent_note: null,
    external_id: null,
    assessment_level: null,
    assessed_at: null,
    last_conversation_at: null,
    created_at: '2026-05-01T10:00:00Z',
    created_by: null,
    updated_at: '2026-05-01T10:00:00Z',
    updated_by: null,
    version: 1,
    ...overrides,
  };
}

describe('merging two records that differ on the committee mark', () => {
  it('offers the choice only when the records differ on it', () => {
    const kept = contact({ id: 'kept' });
    expect(differingChoices(kept, contact({ id: 'merged' })).map((choice) => choice.key)).toEqual([]);
    expect(differingChoices(kept, contact({ id: 'merged', committee: true })).map((choice) => choice.key)).toEqual([
      'committee',
    ]);
  });

  it('keeps the mark of whichever record is on the committee', () => {
    const off = contact({ id: 'off' });
    const on = contact({ id: 'on', committee: true });
    expect(defaultSides(off, on)).toEqual({ committee: 'merged' });
    expect(defaultSides(on, off)).toEqual({ committee: 'kept' });
  });

  it('sends the committee mark in use_merged only when the merged record’s value is chosen', () => {
    const kept = contact({ id: 'kept' });
    const merged = contact({ id: 'merged', committee: true, email: 'jill@example.org', full_name: 'Wright, Jill' });
    const differing = differingChoices(kept, merged);
    const sides = defaultSides(kept, merged);
    expect(sides).toEqual({ full_name: 'kept', committee: 'merged', email: 'merged' });
    expect(fieldsFromMerged(differing, sides)).toEqual(['committee', 'email']);
    expect(fieldsFromMerged(differing, { ...sides, committee: 'kept' })).toEqual(['email']);
  });

  it('chooses the workplace, department and shift together', () => {
    const kept = contact({ id: 'kept' });
    const merged = contact({ id: 'merged', workplace_id: 'w1', shift_id: 's1' });
    const differing = differingChoices(kept, merged);
    expect(differing).toEqual([{ key: 'placement', fields: ['workplace_id', 'department_id', 'shift_id'] }]);
    expect(fieldsFromMerged(differing, defaultSides(kept, merged))).toEqual(['workplace_id', 'department_id', 'shift_id']);
  });
});
