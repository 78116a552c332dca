import { describe, expect, it } from 'vitest';
import type { WorkplaceChart } from '../api/workplaces';
import type { Contact } from '../api/contacts';
import { cellKey, chartColumns, chartRows, peopleByCell, percent, printLayout } from './chart';

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
  shift: null,
  talk_to_next: [],
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
    const rows = chartRows(chart);
    expect(rows.map((r) => [r.name, r.departmentId, r.counts.contacts, r.coverage])).toEqual([
      ['Drivers', 'd1', 5, 0.5],
      ['Cleaners', 'd2', 0, null],
    ]);
  });

  it('shows the "no department" row when someone is in it', () => {
    const [drivers, , empty] = chart.rows;
    if (drivers === undefined || empty === undefined) throw new Error('the fixture has three rows');
    const nowhere = { ...empty, totals: { ...zero, contacts: 1, unassessed: 1 } };
    const rows = chartRows({ ...chart, rows: [drivers, nowhere] });
    expect(rows.map((r) => [r.key, r.name])).toEqual([
      ['d1', 'Drivers'],
      ['none', 'No department recorded'],
    ]);
  });
});

describe('chartColumns', () => {
  it('shows the "no shift" column when someone is in it, with where its counts are', () => {
    expect(chartColumns(chart)).toEqual([
      { id: 'days', name: 'Days', index: 0 },
      { id: null, name: 'No shift recorded', index: 1 },
    ]);
  });

  it('leaves out the "no shift" column when nobody is in it', () => {
    const everyoneOnDays = {
      ...chart,
      rows: chart.rows.map((row) => ({ ...row, cells: row.cells.map((c) => (c.shift_id === null ? { ...c, ...zero } : c)) })),
    };
    expect(chartColumns(everyoneOnDays)).toEqual([{ id: 'days', name: 'Days', index: 0 }]);
  });
});

describe('peopleByCell', () => {
  const person = (full_name: string, assessment_level: number | null, department_id: string | null, shift_id: string | null) =>
    ({ id: full_name, full_name, assessment_level, department_id, shift_id }) as Contact;

  it('puts each person in their department and shift, leaders first and the unassessed last', () => {
    const cells = peopleByCell(
      [
        person('Zofia Nowak', 2, 'd1', 'days'),
        person('Amir Hussain', null, 'd1', 'days'),
        person('Bea Costa', 1, 'd1', 'days'),
        person('Carl Jones', 2, 'd1', 'days'),
      ],
      new Set(['d1']),
      new Set(['days']),
    );
    expect(cells.get(cellKey('d1', 'days'))?.map((c) => c.full_name)).toEqual([
      'Bea Costa',
      'Carl Jones',
      'Zofia Nowak',
      'Amir Hussain',
    ]);
  });

  it('counts a department or shift the workplace does not have as none recorded, as the API does', () => {
    const cells = peopleByCell(
      [person('Ion Popa', 3, 'elsewhere', 'other'), person('Ana Lima', 4, null, 'days')],
      new Set(['d1']),
      new Set(['days']),
    );
    expect(cells.get(cellKey(null, null))?.map((c) => c.full_name)).toEqual(['Ion Popa']);
    expect(cells.get(cellKey(null, 'days'))?.map((c) => c.full_name)).toEqual(['Ana Lima']);
  });
});

describe('percent', () => {
  it('shows a share as a whole percentage in British English', () => {
    expect(percent(0.25)).toBe('25%');
    expect(percent(0.051)).toBe('5%');
    expect(percent(1)).toBe('100%');
  });
});

describe('printLayout', () => {
  it('prints a few departments as before: four names a square, at nine tenths', () => {
    expect(printLayout(2)).toEqual({ namesPerCell: 4, zoom: 0.9 });
    expect(printLayout(4)).toEqual({ namesPerCell: 4, zoom: 0.9 });
  });

  it('lists fewer names and shrinks the sheet as departments grow, never growing back', () => {
    const layouts = [6, 8, 10, 12, 15, 20, 30].map(printLayout);
    expect(layouts.map((layout) => layout.namesPerCell)).toEqual([4, 3, 3, 2, 2, 2, 2]);
    const zooms = layouts.map((layout) => layout.zoom);
    expect([...zooms].sort((a, b) => b - a)).toEqual(zooms);
    expect(printLayout(15).zoom).toBeLessThan(0.65);
    expect(printLayout(15).zoom).toBeGreaterThan(0.5);
  });
});
