import i18next from 'i18next';
import type { ChartCounts, WorkplaceChart } from '../api/workplaces';

export interface ChartRowView {
  key: string;
  name: string;
  counts: ChartCounts;
  /** Known / the department's estimated headcount; null per shift or without a headcount. */
  coverage: number | null;
}

/** A share (0.25) as a whole percentage in the reader's language ("25%"). */
export function percent(share: number): string {
  return i18next.t('{share, number, percent}', { share });
}

/**
 * The chart's rows for all shifts or for one (`none`: contacts with no shift).
 * The "no department" row is left out when nobody is in it.
 */
export function chartRows(chart: WorkplaceChart, shift: string | undefined): ChartRowView[] {
  const column =
    shift === undefined ? -1 : chart.shifts.findIndex((s) => (s.id ?? 'none') === shift);
  const rows: ChartRowView[] = [];
  for (const row of chart.rows) {
    const counts: ChartCounts | undefined = column < 0 ? row.totals : row.cells[column];
    if (counts === undefined) continue;
    if (row.department_id === null && row.totals.contacts === 0) continue;
    const { contacts, level_1, level_2, level_3, level_4, level_5, unassessed, members } = counts;
    rows.push({
      key: row.department_id ?? 'none',
      name: row.department_name ?? i18next.t('No department recorded'),
      counts: { contacts, level_1, level_2, level_3, level_4, level_5, unassessed, members },
      coverage: column < 0 ? row.coverage : null,
    });
  }
  return rows;
}
