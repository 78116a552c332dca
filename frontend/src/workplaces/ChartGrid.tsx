import { Box, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssessmentScale, Contact } from '../api/contacts';
import type { WorkplaceChart } from '../api/workplaces';
import { formatCount } from '../lib/format';
import { LEVEL_STYLE, levelKey, levelLabel } from '../shared/levels';
import { cellKey, chartColumns, chartRows, printLayout } from './chart';
import { ScrollRegion } from './ScrollRegion';
import classes from './ChartGrid.module.css';

/** Names shown in one square before "and N more" (the rest are a click away). */
const NAMES_PER_CELL = 8;

export interface GridSelection {
  departmentId: string | null;
  departmentName: string;
  /** Undefined: every shift the chart shows. */
  shiftId?: string | null;
  shiftName?: string;
}

/** One person on the grid: their level's colour, and its number (or a dash) for those who cannot see it. */
export function PersonChip({
  contact,
  scale,
  unprinted = false,
}: {
  contact: Pick<Contact, 'full_name' | 'assessment_level'>;
  scale: AssessmentScale | undefined;
  /** Left off the printed chart (counted in its "and N more"). */
  unprinted?: boolean;
}) {
  const key = levelKey(contact.assessment_level);
  const style = LEVEL_STYLE[key];
  return (
    <span
      className={classes.chip}
      style={{ background: style.bg, color: style.fg }}
      data-print={unprinted ? 'hide' : undefined}
    >
      <span className={classes.level} aria-hidden="true">
        {key === 'unassessed' ? '–' : key}
      </span>
      <span className={classes.name}>{contact.full_name}</span>
      <VisuallyHidden>{`(${levelLabel(scale, contact.assessment_level)})`}</VisuallyHidden>
    </span>
  );
}

interface Props {
  chart: WorkplaceChart;
  people: Map<string, Contact[]>;
  scale: AssessmentScale | undefined;
  onOpen: (selection: GridSelection) => void;
}

/**
 * The wall chart as organisers draw it on paper: departments down, shifts
 * across, each square the names of the people in it, coloured by assessment.
 */
export function ChartGrid({ chart, people, scale, onOpen }: Props) {
  const { t } = useTranslation();
  const rows = chartRows(chart);
  // Fewer on paper, and fewer still with many departments, so the chart prints on one sheet.
  const namesPerPrintedCell = printLayout(rows.length).namesPerCell;
  const columns = chartColumns(chart);
  return (
    <Box>
      <Text component="h3" fw={700} size="md" mb={4} id="chart-grid-heading">
        {t('Who is where')}
      </Text>
      <Text size="xs" c="dimmed" mb={4} data-print="hide">
        {t('Choose a square to see everyone in it.')}
      </Text>
      <ScrollRegion labelledBy="chart-grid-heading">
        <Table
          withTableBorder
          withColumnBorders
          className={classes.grid}
          aria-labelledby="chart-grid-heading"
          data-testid="chart-grid"
          style={{ minWidth: Math.max(320, 140 + columns.length * 170) }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('Department')}</Table.Th>
              {columns.map((column) => (
                <Table.Th scope="col" key={column.id ?? 'none'}>
                  {column.name}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const source = chart.rows.find((r) => (r.department_id ?? 'none') === row.key);
              return (
                <Table.Tr key={row.key}>
                  <Table.Th scope="row" className={classes.department}>
                    {row.name}
                  </Table.Th>
                  {columns.map((column) => {
                    const counted = source?.cells[column.index]?.contacts ?? 0;
                    const names = people.get(cellKey(row.departmentId, column.id)) ?? [];
                    const shown = names.slice(0, NAMES_PER_CELL);
                    const more = Math.max(0, counted - shown.length);
                    const morePrinted = Math.max(0, counted - Math.min(shown.length, namesPerPrintedCell));
                    return (
                      <Table.Td key={column.id ?? 'none'} className={classes.cell}>
                        {counted === 0 ? (
                          <Text size="xs" c="dimmed">
                            <span aria-hidden="true">·</span>
                            <VisuallyHidden>{t('Nobody')}</VisuallyHidden>
                          </Text>
                        ) : (
                          <UnstyledButton
                            className={classes.open}
                            onClick={() =>
                              onOpen({
                                departmentId: row.departmentId,
                                departmentName: row.name,
                                shiftId: column.id,
                                shiftName: column.name,
                              })
                            }
                            data-testid="chart-cell"
                          >
                            <VisuallyHidden>
                              {t('{department}, {shift}: {people, plural, one {# person} other {# people}}', {
                                department: row.name,
                                shift: column.name,
                                people: counted,
                              })}
                            </VisuallyHidden>
                            <span className={classes.names}>
                              {shown.map((contact, index) => (
                                <PersonChip
                                  key={contact.id}
                                  contact={contact}
                                  scale={scale}
                                  unprinted={index >= namesPerPrintedCell}
                                />
                              ))}
                            </span>
                            {more > 0 && (
                              <Text component="span" size="xs" fw={600} className={classes.more} data-print="hide">
                                {t('and {more} more', { more: formatCount(more) })}
                              </Text>
                            )}
                            {morePrinted > 0 && (
                              <Text component="span" size="xs" fw={600} className={classes.printedMore}>
                                {t('and {more} more', { more: formatCount(morePrinted) })}
                              </Text>
                            )}
                          </UnstyledButton>
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
    </Box>
  );
}
