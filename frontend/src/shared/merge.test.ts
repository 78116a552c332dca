import { describe, expect, it } from 'vitest';
import { defaultChoices, diffVersions, normalise, resolveMerge, sameValue, unresolved } from './merge';

const FIELDS = ['full_name', 'phone', 'job_title', 'tags', 'notes'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, unknown>;

const base: Values = {
  full_name: 'Sam Okafor',
  phone: '07700 900123',
  job_title: 'Driver',
  tags: ['pay'],
  notes: null,
};

describe('sameValue', () => {
  it('treats blank text and null as the same, ignoring surrounding spaces', () => {
    expect(sameValue('', null)).toBe(true);
    expect(sameValue('  ', undefined)).toBe(true);
    expect(sameValue(' Driver ', 'Driver')).toBe(true);
    expect(sameValue('Driver', 'Cleaner')).toBe(false);
    expect(normalise(['  a ', ''])).toEqual(['a', null]);
  });

  it('compares lists item by item, in order', () => {
    expect(sameValue(['pay', 'rota'], ['pay', 'rota'])).toBe(true);
    expect(sameValue(['pay', 'rota'], ['rota', 'pay'])).toBe(false);
    expect(sameValue(['pay'], ['pay', 'rota'])).toBe(false);
  });
});

describe('diffVersions', () => {
  it('says who changed each field and leaves out fields nobody changed', () => {
    const mine = { ...base, phone: '07700 900999', job_title: 'Senior driver', notes: '' };
    const theirs = { ...base, job_title: 'Shift lead', tags: ['pay', 'rota'] };

    const diff = diffVersions(FIELDS, base, mine, theirs);

    expect(diff.map((f) => [f.name, f.status])).toEqual([
      ['phone', 'mine'],
      ['job_title', 'conflict'],
      ['tags', 'theirs'],
    ]);
    expect(diff[1]).toEqual({
      name: 'job_title',
      base: 'Driver',
      mine: 'Senior driver',
      theirs: 'Shift lead',
      status: 'conflict',
    });
  });

  it('does not call it a conflict when both made the same change', () => {
    const mine = { ...base, job_title: 'Shift lead' };
    const theirs = { ...base, job_title: 'Shift lead ' };
    expect(diffVersions(FIELDS, base, mine, theirs)).toEqual([
      { name: 'job_title', base: 'Driver', mine: 'Shift lead', theirs: 'Shift lead ', status: 'agreed' },
    ]);
  });
});

describe('choosing and resolving', () => {
  const mine = { ...base, phone: '07700 900999', job_title: 'Senior driver' };
  const theirs = { ...base, job_title: 'Shift lead', tags: ['pay', 'rota'] };
  const diff = diffVersions(FIELDS, base, mine, theirs);

  it('keeps each side’s one-sided changes and leaves real conflicts to the person', () => {
    const choices = defaultChoices(diff);
    expect(choices).toEqual({ phone: 'mine', tags: 'theirs' });
    expect(unresolved(diff, choices)).toEqual(['job_title']);
    expect(resolveMerge(diff, choices, 7)).toBeNull();
  });

  it('sends only what differs from the saved version, with the saved version number', () => {
    const choices = { ...defaultChoices(diff), job_title: 'mine' as const };
    expect(resolveMerge(diff, choices, 7)).toEqual({
      changes: { phone: '07700 900999', job_title: 'Senior driver' },
      version: 7,
    });
  });

  it('keeps the other person’s value when chosen, so nothing of theirs is overwritten', () => {
    const choices = { phone: 'theirs' as const, job_title: 'theirs' as const, tags: 'theirs' as const };
    expect(resolveMerge(diff, choices, 7)).toEqual({ changes: {}, version: 7 });
  });

  it('can undo the other person’s one-sided change when the person chooses their own side', () => {
    const choices = { phone: 'mine' as const, job_title: 'theirs' as const, tags: 'mine' as const };
    expect(resolveMerge(diff, choices, 7)?.changes).toEqual({ phone: '07700 900999', tags: ['pay'] });
  });
});
