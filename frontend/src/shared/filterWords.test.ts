import { describe, expect, it } from 'vitest';
import { hasConditions, sameFilter } from './filterWords';

describe('sameFilter', () => {
  it('takes a null or empty condition as no condition', () => {
    expect(sameFilter({ membership_status: 'member', q: null, speaks: [] }, { membership_status: 'member' })).toBe(true);
    expect(sameFilter({}, { tag: null, not_contacted_days: null })).toBe(true);
  });

  it('tells filters with different conditions apart', () => {
    expect(sameFilter({ membership_status: 'member' }, { membership_status: 'lapsed' })).toBe(false);
    expect(sameFilter({ membership_status: 'member' }, { membership_status: 'member', tag: 'nights' })).toBe(false);
    expect(sameFilter({ assessment_level: '1' }, { assessment_level: 'unassessed' })).toBe(false);
    expect(sameFilter({ not_contacted_days: 30 }, { not_contacted_days: 31 })).toBe(false);
  });
});

describe('hasConditions', () => {
  it('is false for no filter and for a filter that matches everyone', () => {
    expect(hasConditions(null)).toBe(false);
    expect(hasConditions({ q: null, speaks: [] })).toBe(false);
    expect(hasConditions({ membership_status: 'member' })).toBe(true);
  });
});
