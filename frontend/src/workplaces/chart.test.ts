import { describe, expect, it } from 'vitest';
import type { WorkplaceChart } from '../api/workplaces';
import { chartRows, percent } from './chart';

const zero = { contacts: 0, level_1: 0, level_2: 0, level_3: 0, level_4: 0, level_5: 0, unassessed: 0, members: 0 };
const cell = (shift_id: string | null, level_1: number, unassessed: number) => ({
  ...zero,
  shift_id,
  contacts: level_1 + unassessed,
  level_1,
  unassessed,
});

const chart: WorkplaceChart = {
  workplace_id: 'w',
  workplace_name: 'Depot',
  generated_at: '2026-05-01T10:00:00Z',
  languages: [],
  shifts: [
    { id: 'days', name: 'Days' },
    { id: null, name: null },
  ],
  rows: [
    {
      department_id: 'd1',
      department_name: 'Drivers',
      estimated_headcount: 10,
      coverage: 0.5,
      totals: { ...zero, contacts: 5, level_1: 2, unassessed: 3 },
      cells: [cell('days', 2, 1), cell(null, 0, 2)],
    },
    {
      department_id: 'd2',
      department_name: 'Cleaners',
      estimated_headcount: null,
      coverage: null,
      totals: zero,
      cells: [cell('days', 0, 0), cell(null, 0, 0)],
    },
    {
      department_id: null,
      department_name: null,
      estimated_headcount: null,
      coverage: null,
      totals: zero,
      cells: [cell('days', 0, 0), cell(null, 0, 0)],
    },
  ],
  totals: {
    ...zero,
    contacts: 5,
    headcount: 20,
    coverage: 0.25,
    leader_share: 0.4,
    supporter_share: 0.4,
    not_talked_to_30_days: 5,
    not_talked_to_60_days: 5,
    not_talked_to_90_days: 5,
  },
};

describe('chartRows', () => {
  it('shows every department with its totals and coverage, but no empty "no department" row', () => {
    const rows = chartRows(chart, undefined);
    expect(rows.map((r) => [r.name, r.counts.contacts, r.coverage])).toEqual([
      ['Drivers', 5, 0.5],
      ['Cleaners', 0, null],
    ]);
  });

  it('shows one shift’s cells, without coverage (headcounts are per department)', () => {
    expect(chartRows(chart, 'days').map((r) => [r.name, r.counts.level_1, r.counts.unassessed, r.coverage])).toEqual([
      ['Drivers', 2, 1, null],
      ['Cleaners', 0, 0, null],
    ]);
    expect(chartRows(chart, 'none')[0]?.counts.unassessed).toBe(2);
  });

  it('falls back to all shifts for a shift the chart does not have', () => {
    expect(chartRows(chart, 'gone')[0]?.counts.contacts).toBe(5);
  });
});

describe('percent', () => {
  it('shows a share as a whole percentage in British English', () => {
    expect(percent(0.25)).toBe('25%');
    expect(percent(0.051)).toBe('5%');
    expect(percent(1)).toBe('100%');
  });
});
