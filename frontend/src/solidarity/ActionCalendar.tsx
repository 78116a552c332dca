import { Badge, Box, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { actionRangeQuery, type ActionFilters } from '../api/solidarity';
import { TotalRaised } from './TotalRaised';
import {
  groupByDay,
  groupByWeek,
  monthGrid,
  monthLabel,
  monthOf,
  monthRange,
  shiftMonth,
  totalRaised,
  weekdayNames,
} from './calendar';
import { ACTION_KIND_COLORS, actionKindLabel, type SolidarityAction } from './labels';
import classes from './ActionCalendar.module.css';
import { formatMoney, formatTime, formatWeekday } from '../lib/format';
import { today } from '../lib/days';

interface Props {
  groupId: string;
  filters: ActionFilters;
  month: string | undefined;
  onMonth: (month: string | undefined) => void;
}

function ActionLink({ groupId, action }: { groupId: string; action: SolidarityAction }) {
  const { t } = useTranslation();
  return (
    <AnchorLink
      to="/groups/$groupId/actions/$actionId"
      params={{ groupId, actionId: action.id }}
      size="xs"
      className={classes.event}
      data-kind={action.kind}
      title={t('{title} ({kind})', { title: action.title, kind: actionKindLabel(action.kind) })}
    >
      <span className={classes.time}>{formatTime(action.occurs_at)}</span> {action.title}
    </AnchorLink>
  );
}

/** Solidarity actions of one month: a grid of days on wider screens, weeks as an agenda on phones. */
export function ActionCalendar({ groupId, filters, month, onMonth }: Props) {
  const { t } = useTranslation();
  const thisMonth = monthOf(new Date());
  const shown = month ?? thisMonth;
  const range = monthRange(shown);
  const actions = useQuery(actionRangeQuery(groupId, { ...filters, ...range }));
  const todayIso = today();
  const label = monthLabel(shown);
  const weekdays = weekdayNames();

  const items = actions.data?.items ?? [];
  const byDay = groupByDay(items);
  const weeks = groupByWeek(items);

  return (
    <Stack gap="sm" aria-labelledby="calendar-heading" component="section">
      <Group justify="space-between" gap="xs">
        <Title order={2} size="h3" id="calendar-heading" aria-live="polite">
          {label}
        </Title>
        <Group gap="xs">
          <Button variant="default" size="xs" onClick={() => onMonth(shiftMonth(shown, -1))} aria-label={t('Previous month')}>
            ←
          </Button>
          <Button
            variant="default"
            size="xs"
            onClick={() => onMonth(undefined)}
            disabled={shown === thisMonth}
          >
            {t('This month')}
          </Button>
          <Button variant="default" size="xs" onClick={() => onMonth(shiftMonth(shown, 1))} aria-label={t('Next month')}>
            →
          </Button>
        </Group>
      </Group>

      {actions.isPending ? (
        <Skeleton height={420} />
      ) : actions.isError ? (
        <FormAlert message={errorMessage(actions.error)} />
      ) : (
        <>
          <TotalRaised total={actions.data.total_money_raised} label={t('Raised in {month}', { month: label })} />
          {items.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('No actions in {month}. Use the arrows to see other months.', { month: label })}
            </Text>
          )}

          {/* Wider screens: the month as a grid of days. */}
          <Box visibleFrom="sm">
            <table className={classes.grid} aria-label={t('Solidarity actions in {month}', { month: label })}>
              <thead>
                <tr>
                  {weekdays.map((name) => (
                    <th key={name.long} scope="col">
                      <abbr title={name.long}>{name.short}</abbr>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {monthGrid(shown).map((week) => (
                  <tr key={week[0]?.day}>
                    {week.map((cell) => {
                      const dayItems = byDay.get(cell.day) ?? [];
                      return (
                        <td
                          key={cell.day}
                          className={classes.cell}
                          data-outside={!cell.inMonth || undefined}
                          data-today={cell.day === todayIso || undefined}
                          aria-label={
                            dayItems.length > 0
                              ? t('{day}: {actions, plural, one {# action} other {# actions}}', {
                                  day: formatWeekday(cell.date),
                                  actions: dayItems.length,
                                })
                              : undefined
                          }
                        >
                          <span className={classes.dayNumber} aria-hidden={dayItems.length > 0 || undefined}>
                            {cell.date.getDate()}
                          </span>
                          <div className={classes.events}>
                            {dayItems.map((action) => (
                              <ActionLink key={action.id} groupId={groupId} action={action} />
                            ))}
                          </div>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </Box>

          {/* Phones: an agenda grouped by week. */}
          <Stack hiddenFrom="sm" gap="sm" data-testid="calendar-agenda">
            {weeks.map((week) => {
              const raised = totalRaised(week.items);
              return (
                <Paper key={week.start} withBorder p="sm" component="section" aria-label={t('Week of {week}', { week: week.label })}>
                  <Group justify="space-between" gap="xs" mb="xs">
                    <Text fw={700} size="sm">
                      {week.label}
                    </Text>
                    {raised > 0 && (
                      <Text size="sm" c="teal.9" fw={600}>
                        {t('{money} raised', { money: formatMoney(raised) })}
                      </Text>
                    )}
                  </Group>
                  <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
                    {week.items.map((action) => (
                      <li key={action.id}>
                        <Text size="xs" c="dimmed">
                          {t('{day}, {time}', {
                            day: formatWeekday(new Date(action.occurs_at)),
                            time: formatTime(action.occurs_at),
                          })}
                        </Text>
                        <Group gap="xs" wrap="wrap">
                          <AnchorLink
                            to="/groups/$groupId/actions/$actionId"
                            params={{ groupId, actionId: action.id }}
                            size="sm"
                            className="break-anywhere"
                          >
                            {action.title}
                          </AnchorLink>
                          <Badge size="sm" variant="light" color={ACTION_KIND_COLORS[action.kind]}>
                            {actionKindLabel(action.kind)}
                          </Badge>
                          {action.money_raised !== null && (
                            <Text size="xs" c="teal.9">
                              {formatMoney(action.money_raised)}
                            </Text>
                          )}
                        </Group>
                      </li>
                    ))}
                  </Stack>
                </Paper>
              );
            })}
          </Stack>
        </>
      )}
    </Stack>
  );
}
