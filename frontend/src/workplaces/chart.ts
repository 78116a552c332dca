import i18next from 'i18next';
import type { Contact } from '../api/contacts';
import type { ChartCounts, WorkplaceChart } from '../api/workplaces';

export interface ChartRowView {
  key: string;
  departmentId: string | null;
  name: string;
  counts: ChartCounts;
  /** Known / the department's estimated headcount; null for one shift or without a headcount. */
  coverage: number | null;
}

/** A share (0.25) as a whole percentage in the reader's language ("25%"). */
export function percent(share: number): string {
  return i18next.t('{share, number, percent}', { share });
}

/**
 * The chart's rows as the API counted them (for every shift or the one asked for).
 * The "no department" row is left out when nobody is in it.
 */
export function chartRows(chart: WorkplaceChart): ChartRowView[] {
  const rows: ChartRowView[] = [];
  for (const row of chart.rows) {
    if (row.department_id === null && row.totals.contacts === 0) continue;
    const { contacts, level_1, level_2, level_3, level_4, level_5, unassessed, members } = row.totals;
    rows.push({
      key: row.department_id ?? 'none',
      departmentId: row.department_id,
      name: row.department_name ?? i18next.t('No department recorded'),
      counts: { contacts, level_1, level_2, level_3, level_4, level_5, unassessed, members },
      coverage: row.coverage,
    });
  }
  return rows;
}

export interface ChartColumnView {
  id: string | null;
  name: string;
  /** Where the column's counts are in each row's `cells`. */
  index: number;
}

/**
 * The chart's shift columns as the API counted them. The "no shift" column is
 * left out when nobody is in it, like the empty "no department" row.
 */
export function chartColumns(chart: WorkplaceChart): ChartColumnView[] {
  return chart.shifts.flatMap((shift, index) => {
    if (shift.id === null && chart.rows.every((row) => (row.cells[index]?.contacts ?? 0) === 0)) return [];
    return [{ id: shift.id, name: shift.name ?? i18next.t('No shift recorded'), index }];
  });
}

/** The key of one square of the grid: a department (or `none`) by a shift (or `none`). */
export function cellKey(departmentId: string | null, shiftId: string | null): string {
  return `${departmentId ?? 'none'}|${shiftId ?? 'none'}`;
}

/**
 * Contacts sorted into the grid's squares as the API counts them: a department
 * or shift that is not this workplace's counts as none recorded. Within a square,
 * leaders first, the unassessed last, then by name.
 */
export function peopleByCell(
  contacts: readonly Contact[],
  departmentIds: ReadonlySet<string>,
  shiftIds: ReadonlySet<string>,
): Map<string, Contact[]> {
  const cells = new Map<string, Contact[]>();
  for (const contact of contacts) {
    const department = contact.department_id !== null && departmentIds.has(contact.department_id) ? contact.department_id : null;
    const shift = contact.shift_id !== null && shiftIds.has(contact.shift_id) ? contact.shift_id : null;
    const key = cellKey(department, shift);
    const list = cells.get(key);
    if (list) list.push(contact);
    else cells.set(key, [contact]);
  }
  const rank = (contact: Contact) => contact.assessment_level ?? 6;
  for (const list of cells.values()) {
    list.sort((a, b) => rank(a) - rank(b) || a.full_name.localeCompare(b.full_name, i18next.language));
  }
  return cells;
}

/**
 * How the printed chart fits one landscape A4 sheet however many departments there are: the
 * names each printed square lists, and the scale the whole chart prints at. The sheet's height
 * goes to a fixed part (title, bulletin reach, figures, legend) and a part per department (a row of the grid and
 * one of the numbers), so the scale shrinks with the rows; a few departments print as before.
 */
export function printLayout(departments: number): { namesPerCell: number; zoom: number } {
  const namesPerCell = departments <= 6 ? 4 : departments <= 10 ? 3 : 2;
  const zoom = Math.min(0.9, 175 / (120 + 12 * departments));
  return { namesPerCell, zoom: Math.round(zoom * 100) / 100 };
}
