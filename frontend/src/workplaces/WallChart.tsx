import {
  Box,
  Button,
  Card,
  Group,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssessmentScale } from '../api/contacts';
import { LEVELS, LEVEL_STYLE, levelLabel, type Level } from '../shared/levels';
import type { Contact } from '../api/contacts';
import type { ChartCounts, Shift, WorkplaceChart } from '../api/workplaces';
import { chartRows, percent, printLayout } from './chart';
import { ChartGrid, type GridSelection } from './ChartGrid';
import { ScrollRegion } from './ScrollRegion';
import { formatCount, formatDateTime } from '../lib/format';

type Bucket = Level | 'unassessed';
const BUCKETS: Bucket[] = [...LEVELS, 'unassessed'];

function count(counts: ChartCounts, bucket: Bucket): number {
  return bucket === 'unassessed' ? counts.unassessed : counts[`level_${bucket}`];
}

function Stat({
  label,
  value,
  detail,
  progress,
  action,
}: {
  label: string;
  value: string;
  detail: string;
  progress?: number | null;
  action?: React.ReactNode;
}) {
  return (
    <Card withBorder padding="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
      {progress !== undefined && progress !== null && (
        <Progress value={Math.min(100, progress * 100)} size="sm" mt={4} aria-hidden="true" color="indigo.8" />
      )}
      <Text size="xs" c="dimmed" mt={4}>
        {detail}
      </Text>
      {action}
    </Card>
  );
}

/** One department's contacts as a bar split by assessment level. */
function StackedBar({ counts, scale, name }: { counts: ChartCounts; scale: AssessmentScale | undefined; name: string }) {
  const { t } = useTranslation();
  const total = counts.contacts;
  const summary = BUCKETS.map((bucket) =>
    t('{contacts} {level}', {
      contacts: formatCount(count(counts, bucket)),
      level: levelLabel(scale, bucket === 'unassessed' ? null : bucket),
    }),
  ).join(', ');
  return (
    <Box
      role="img"
      aria-label={t('{name}: {summary}', { name, summary })}
      style={{
        display: 'flex',
        height: 22,
        borderRadius: 4,
        overflow: 'hidden',
        background: 'var(--mantine-color-gray-1)',
        border: '1px solid var(--mantine-color-gray-4)',
      }}
    >
      {total > 0 &&
        BUCKETS.map((bucket) => {
          const n = count(counts, bucket);
          if (n === 0) return null;
          const style = LEVEL_STYLE[bucket];
          return (
            <Tooltip key={bucket} label={t('{level}: {contacts}', {
                level: levelLabel(scale, bucket === 'unassessed' ? null : bucket),
                contacts: formatCount(n),
              })} withinPortal>
              <Box
                style={{
                  width: `${(n / total) * 100}%`,
                  background: style.bg,
                  color: style.fg,
                  fontSize: 12,
                  lineHeight: '22px',
                  textAlign: 'center',
                  overflow: 'hidden',
                  whiteSpace: 'nowrap',
                }}
              >
                {n / total >= 0.08 ? formatCount(n) : ''}
              </Box>
            </Tooltip>
          );
        })}
    </Box>
  );
}

export function Legend({ scale }: { scale: AssessmentScale | undefined }) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" wrap="wrap" aria-label={t('Colours of the assessment levels')} role="list">
      {BUCKETS.map((bucket) => (
        <Group key={bucket} gap={6} wrap="nowrap" role="listitem">
          <Box
            w={14}
            h={14}
            style={{ background: LEVEL_STYLE[bucket].bg, borderRadius: 3, border: '1px solid var(--mantine-color-gray-5)' }}
            aria-hidden="true"
          />
          <Text size="sm">
            {bucket === 'unassessed' ? levelLabel(scale, null) : `${bucket} ${levelLabel(scale, bucket)}`}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

interface Props {
  chart: WorkplaceChart;
  scale: AssessmentScale | undefined;
  /** Every shift of the workplace, for the shift filter. */
  shifts: Shift[];
  /** A shift id, `none` for contacts with no shift, or undefined for all shifts. */
  shift: string | undefined;
  onShiftChange: (shift: string | undefined) => void;
  /** A link to the contacts here, least recently talked to first. */
  staleLink?: React.ReactNode;
  /** The chart's people by square of the grid (see `peopleByCell`). */
  people: Map<string, Contact[]>;
  /** Shown under the grid while not every name is loaded. */
  namesNote?: React.ReactNode;
  onOpen: (selection: GridSelection) => void;
}

/**
 * The wall chart: every department against the assessment levels, as bars
 * for the eye and a table for exact numbers, with coverage and the share of
 * leaders and supporters, and who has not been talked to lately.
 */
export function WallChart({ chart, scale, shifts, shift, onShiftChange, staleLink, people, namesNote, onOpen }: Props) {
  const { t } = useTranslation();
  const totals = chart.totals;
  const rows = chartRows(chart);
  const shiftName =
    shift === undefined ? undefined : shift === 'none' ? t('No shift recorded') : shifts.find((s) => s.id === shift)?.name;
  const shiftOptions = [
    { value: 'all', label: t('All shifts') },
    ...shifts.map((s) => ({ value: s.id, label: s.name })),
    { value: 'none', label: t('No shift recorded') },
  ];

  return (
    <Stack gap="md" className="wall-chart" style={{ '--print-zoom': printLayout(rows.length).zoom }}>
      <Text size="sm" fw={600} data-testid="chart-scope">
        {shiftName === undefined ? t('All shifts') : t('Shift: {shift}', { shift: shiftName })}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <Stat
          label={t('Coverage')}
          value={
            totals.coverage === null
              ? t('{contacts, plural, one {# known} other {# known}}', { contacts: totals.contacts })
              : percent(totals.coverage)
          }
          detail={
            shift !== undefined
              ? t('Headcounts are kept per department, not per shift')
              : totals.headcount === null
              ? t('Add an estimated headcount to see coverage')
              : t('{known} of about {headcount, plural, one {# worker} other {# workers}} known', {
                  known: formatCount(totals.contacts),
                  headcount: totals.headcount,
                })
          }
          progress={totals.coverage}
        />
        <Stat
          label={t('1 · {leader}', { leader: levelLabel(scale, 1) })}
          value={totals.leader_share === null ? '–' : percent(totals.leader_share)}
          detail={t('{some} of {contacts, plural, one {# contact} other {# contacts}}', {
            some: formatCount(totals.level_1),
            contacts: totals.contacts,
          })}
          progress={totals.leader_share}
        />
        <Stat
          label={t('1 and 2 · {leader} or {supporter}', { leader: levelLabel(scale, 1), supporter: levelLabel(scale, 2) })}
          value={totals.supporter_share === null ? '–' : percent(totals.supporter_share)}
          detail={t('{some} of {contacts, plural, one {# contact} other {# contacts}}', {
            some: formatCount(totals.level_1 + totals.level_2),
            contacts: totals.contacts,
          })}
          progress={totals.supporter_share}
        />
        <Stat
          label={t('Not talked to in 30 days')}
          value={formatCount(totals.not_talked_to_30_days)}
          detail={t('{sixty} in 60 days, {ninety} in 90', {
            sixty: formatCount(totals.not_talked_to_60_days),
            ninety: formatCount(totals.not_talked_to_90_days),
          })}
          action={staleLink}
        />
      </SimpleGrid>

      <Group justify="space-between" gap="sm" wrap="wrap" align="flex-end">
        <Legend scale={scale} />
        <Group gap="sm" align="flex-end" data-print="hide">
        <Button variant="default" onClick={() => window.print()}>
          {t('Print the chart')}
        </Button>
        <Select
          label={t('Shift')}
          data={shiftOptions}
          value={shift ?? 'all'}
          allowDeselect={false}
          onChange={(value) => onShiftChange(value === null || value === 'all' ? undefined : value)}
          w={200}
          comboboxProps={{ withinPortal: true }}
        />
        </Group>
      </Group>

      <Stack gap="xs" role="group" aria-label={t('Departments by assessment level')} data-print="hide">
        {rows.map((row) => (
          <UnstyledButton
            key={row.key}
            onClick={() => onOpen({ departmentId: row.departmentId, departmentName: row.name })}
            className="chart-bar"
            data-testid="chart-bar"
          >
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" fw={600} className="break-anywhere">
                {row.name}
              </Text>
              <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                {t('{contacts, plural, one {# known} other {# known}}', { contacts: row.counts.contacts })}
                {row.coverage !== null && ` · ${t('{percent} coverage', { percent: percent(row.coverage) })}`}
              </Text>
            </Group>
            <StackedBar counts={row.counts} scale={scale} name={row.name} />
          </UnstyledButton>
        ))}
      </Stack>

      <Box>
        <ChartGrid chart={chart} people={people} scale={scale} onOpen={onOpen} />
        {namesNote}
      </Box>

      <Box>
        <Title order={3} size="h5" mb={4} id="chart-table-heading">
          {t('Numbers by department')}
        </Title>
        <ScrollRegion labelledBy="chart-table-heading">
          <Table
            miw={620}
            withTableBorder
            withColumnBorders
            striped={false}
            aria-labelledby="chart-table-heading"
            data-testid="wall-chart"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('Department')}</Table.Th>
                {BUCKETS.map((bucket) => (
                  <Table.Th scope="col" key={bucket} ta="center">
                    {bucket === 'unassessed' ? levelLabel(scale, null) : `${bucket} ${levelLabel(scale, bucket)}`}
                  </Table.Th>
                ))}
                <Table.Th scope="col" ta="center">
                  {t('Known')}
                </Table.Th>
                <Table.Th scope="col" ta="center">
                  {t('Members')}
                </Table.Th>
                <Table.Th scope="col" ta="center">
                  {t('Coverage')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.key}>
                  <Table.Th scope="row" fw={600}>
                    {row.name}
                  </Table.Th>
                  {BUCKETS.map((bucket) => {
                    const n = count(row.counts, bucket);
                    const style = LEVEL_STYLE[bucket];
                    return (
                      <Table.Td
                        key={bucket}
                        ta="center"
                        style={n > 0 ? { background: style.bg, color: style.fg, fontWeight: 700 } : undefined}
                      >
                        {formatCount(n)}
                      </Table.Td>
                    );
                  })}
                  <Table.Td ta="center">{formatCount(row.counts.contacts)}</Table.Td>
                  <Table.Td ta="center">{formatCount(row.counts.members)}</Table.Td>
                  <Table.Td ta="center">{row.coverage === null ? '–' : percent(row.coverage)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
        <Text size="xs" c="dimmed" mt={4}>
          {t('As of {time}. Coverage is contacts known against the estimated headcount.', {
            time: formatDateTime(chart.generated_at),
          })}
        </Text>
      </Box>
    </Stack>
  );
}
