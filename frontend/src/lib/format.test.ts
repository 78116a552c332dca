import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDay, formatList, formatMoney, formatTime, formatWeekday, relativeDay } from './format';

describe('British English formats, the default', () => {
  it('writes days day first', () => {
    expect(formatDay('2026-03-03')).toBe('3 Mar 2026');
    expect(formatWeekday('2026-03-03')).toBe('Tue, 3 Mar 2026');
  });

  it('writes times on the 24-hour clock', () => {
    const afternoon = new Date(2026, 2, 3, 14, 5).toISOString();
    expect(formatTime(afternoon)).toBe('14:05');
    expect(formatDateTime(afternoon)).toBe('3 Mar 2026, 14:05');
  });

  it('writes money in pounds with pence', () => {
    expect(formatMoney('6420.5')).toBe('£6,420.50');
    expect(formatMoney(-50)).toBe('-£50.00');
  });

  it('joins names as a sentence does', () => {
    expect(formatList(['Acme', 'Bolt', 'Crane'])).toBe('Acme, Bolt and Crane');
  });

  it('names days relative to today', () => {
    const now = new Date(2026, 2, 3, 9, 0);
    expect(relativeDay('2026-03-04', now)).toBe('tomorrow');
    expect(relativeDay('2026-03-01', now)).toBe('2 days ago');
  });
});
