import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, parseDay, today } from './days';
import { relativeTime } from './format';

describe('calendar days', () => {
  it('reads a day as a local date, not UTC midnight', () => {
    const date = parseDay('2026-03-01');
    expect(date?.getFullYear()).toBe(2026);
    expect(date?.getMonth()).toBe(2);
    expect(date?.getDate()).toBe(1);
    expect(parseDay('1 March')).toBeNull();
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts whole days, negative into the past, across a clock change', () => {
    expect(daysBetween('2026-03-25', '2026-04-01')).toBe(7);
    expect(daysBetween('2026-04-01', '2026-03-25')).toBe(-7);
    expect(today(new Date(2026, 6, 4, 23, 59))).toBe('2026-07-04');
  });

  it('describes instants relative to now', () => {
    const now = new Date('2026-05-10T12:00:00Z');
    expect(relativeTime('2026-05-10T11:58:00Z', now)).toMatch(/2 minutes ago/);
    expect(relativeTime('2026-05-07T12:00:00Z', now)).toMatch(/3 days ago/);
  });
});
