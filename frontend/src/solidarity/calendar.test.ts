import { describe, expect, it } from 'vitest';
import {
  groupByDay,
  groupByWeek,
  monthGrid,
  monthRange,
  shiftMonth,
  startOfWeek,
  totalRaised,
  weekdayNames,
} from './calendar';

// Local times, so the tests hold in any time zone.
const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).toISOString();

describe('months', () => {
  it('moves across year ends', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-03', 0)).toBe('2026-03');
  });

  it('covers the whole month in local time', () => {
    const { from, to } = monthRange('2026-02');
    expect(new Date(from)).toEqual(new Date(2026, 1, 1));
    expect(new Date(to).getDate()).toBe(28);
    expect(new Date(Date.parse(to) + 1)).toEqual(new Date(2026, 2, 1));
  });
});

describe('weeks start on Monday', () => {
  it('finds the Monday of any day', () => {
    expect(startOfWeek(new Date(2026, 2, 4))).toEqual(new Date(2026, 2, 2)); // Wed 4 Mar
    expect(startOfWeek(new Date(2026, 2, 8))).toEqual(new Date(2026, 2, 2)); // Sun 8 Mar
    expect(startOfWeek(new Date(2026, 2, 2))).toEqual(new Date(2026, 2, 2)); // Mon 2 Mar
  });

  it('lays a month out in whole weeks, marking days outside it', () => {
    const weeks = monthGrid('2026-03'); // 1 March 2026 is a Sunday
    expect(weeks).toHaveLength(6);
    expect(weeks[0]?.[0]?.day).toBe('2026-02-23');
    expect(weeks[0]?.[6]).toMatchObject({ day: '2026-03-01', inMonth: true });
    expect(weeks[0]?.[5]?.inMonth).toBe(false);
    expect(weeks[5]?.[1]).toMatchObject({ day: '2026-03-31', inMonth: true });
    expect(weeks.every((week) => week.length === 7)).toBe(true);
  });

  it('names the weekdays from Monday', () => {
    const names = weekdayNames();
    expect(names).toHaveLength(7);
    expect(names[0]?.long).toBe('Monday');
    expect(names[6]?.long).toBe('Sunday');
  });
});

describe('grouping actions', () => {
  const actions = [
    { id: 'c', occurs_at: at(2026, 3, 10, 18), money_raised: '120.50' },
    { id: 'a', occurs_at: at(2026, 3, 2, 9), money_raised: null },
    { id: 'b', occurs_at: at(2026, 3, 8, 20), money_raised: '0.10' },
    { id: 'd', occurs_at: at(2026, 3, 10, 7), money_raised: '0.20' },
  ];

  it('puts each action on its local day, in time order', () => {
    const days = groupByDay(actions);
    expect([...days.keys()]).toEqual(['2026-03-02', '2026-03-08', '2026-03-10']);
    expect(days.get('2026-03-10')?.map((a) => a.id)).toEqual(['d', 'c']);
  });

  it('groups by week from Monday to Sunday', () => {
    const weeks = groupByWeek(actions);
    expect(weeks.map((w) => w.start)).toEqual(['2026-03-02', '2026-03-09']);
    expect(weeks[0]?.items.map((a) => a.id)).toEqual(['a', 'b']);
    expect(weeks[1]?.items.map((a) => a.id)).toEqual(['d', 'c']);
  });

  it('adds money up in pence, without floating-point drift', () => {
    expect(totalRaised(actions)).toBe(120.8);
    expect(totalRaised([{ money_raised: '0.10' }, { money_raised: '0.20' }])).toBe(0.3);
    expect(totalRaised([])).toBe(0);
  });
});
