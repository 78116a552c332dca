import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { dashboardQuery, type GroupDashboard as Dashboard } from '../api/campaigns';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { formatCount, formatDay, formatDayMonth, formatPercent } from '../lib/format';
import { parseDay } from '../lib/days';

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Paper>
  );
}

function share(part: number, whole: number): number | null {
  return whole > 0 ? (100 * part) / whole : null;
}

function weekLabel(day: string): string {
  const date = parseDay(day);
  return date ? formatDayMonth(date) : day;
}

/** The trends: one point per weekly snapshot, so they are history as it was recorded. */
function Trends({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  if (dashboard.weeks.length === 0) {
    return <Text c="dimmed">{t('Trends appear once the app has kept its first weekly snapshot.')}</Text>;
  }
  const weeks = dashboard.weeks.map((week) => ({
    week: weekLabel(week.week_start),
    contacts: week.contacts,
    held: week.held,
    committee: week.committee,
    conversations: week.conversations,
    level1: week.assessment.level_1,
    level2: week.assessment.level_2,
    level3: week.assessment.level_3,
    level4: week.assessment.level_4,
    level5: week.assessment.level_5,
    unassessed: week.assessment.unassessed,
  }));
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="lg">
      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="sm" id="trend-coverage">
          {t('Coverage week by week')}
        </Title>
        <LineChart
          h={200}
          data={weeks}
          dataKey="week"
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          aria-labelledby="trend-coverage"
          series={[
            { name: 'contacts', label: t('Workers known'), color: 'blue.8' },
            { name: 'held', label: t('Held by a member'), color: 'teal.9' },
            { name: 'committee', label: t('Committee'), color: 'grape.8' },
          ]}
        />
      </Paper>
      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="sm" id="trend-assessment">
          {t('Assessment mix')}
        </Title>
        <BarChart
          h={200}
          data={weeks}
          dataKey="week"
          type="stacked"
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          aria-labelledby="trend-assessment"
          series={[
            { name: 'level1', label: t('1 · Leader'), color: 'teal.9' },
            { name: 'level2', label: t('2 · Supporter'), color: 'teal.5' },
            { name: 'level3', label: t('3 · Undecided'), color: 'yellow.6' },
            { name: 'level4', label: t('4 · Not interested'), color: 'orange.7' },
            { name: 'level5', label: t('5 · Hostile'), color: 'red.9' },
            { name: 'unassessed', label: t('Unassessed'), color: 'gray.5' },
          ]}
        />
      </Paper>
      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="sm" id="trend-conversations">
          {t('Conversations per week')}
        </Title>
        <BarChart
          h={200}
          data={weeks}
          dataKey="week"
          aria-labelledby="trend-conversations"
          series={[{ name: 'conversations', label: t('Conversations'), color: 'blue.8' }]}
        />
      </Paper>
    </SimpleGrid>
  );
}

function Organisers({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer
      minWidth={320}
      // A table wider than a phone scrolls: keyboard users reach it too.
      scrollAreaProps={{ viewportProps: { tabIndex: 0, 'aria-labelledby': 'dashboard-organisers' } }}
    >
      <Table fz="sm" data-testid="dashboard-organisers">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('Member')}</Table.Th>
            <Table.Th>{t('Holds')}</Table.Th>
            <Table.Th>{t('Conversations, 7 days')}</Table.Th>
            <Table.Th>{t('28 days')}</Table.Th>
            <Table.Th>{t('Overdue')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {dashboard.organisers.map((member) => (
            <Table.Tr key={member.user_id}>
              <Table.Td className="break-anywhere">{member.display_name}</Table.Td>
              <Table.Td>{formatCount(member.holds)}</Table.Td>
              <Table.Td>{formatCount(member.conversations_7_days)}</Table.Td>
              <Table.Td>{formatCount(member.conversations_28_days)}</Table.Td>
              <Table.Td>{formatCount(member.overdue_follow_ups)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function OpenWork({ groupId, dashboard }: { groupId: string; dashboard: Dashboard }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Stack gap="xs" component="section" aria-labelledby="dashboard-tests">
        <Title order={3} size="h4" id="dashboard-tests">
          {t('Open structure tests')}
        </Title>
        {dashboard.open_tests.length === 0 ? (
          <Text c="dimmed">{t('No structure test is open.')}</Text>
        ) : (
          dashboard.open_tests.map((test) => (
            <Paper key={test.test_id} withBorder p="sm">
              <Group justify="space-between" gap="xs" wrap="wrap">
                <AnchorLink to="/groups/$groupId/structure-tests/$testId" params={{ groupId, testId: test.test_id }} fw={600}>
                  {test.title}
                </AnchorLink>
                <Badge color={test.target_met ? 'teal.9' : 'gray.8'} variant="filled">
                  {t('{share} of {target}', {
                    share: formatPercent(test.took_part_percent),
                    target: formatPercent(test.target_percent),
                  })}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {test.campaign_name}
                {test.deadline && ` · ${t('by {day}', { day: formatDay(test.deadline) })}`}
              </Text>
            </Paper>
          ))
        )}
      </Stack>
      <Stack gap="xs" component="section" aria-labelledby="dashboard-ballots">
        <Title order={3} size="h4" id="dashboard-ballots">
          {t('Statutory ballots under way')}
        </Title>
        {dashboard.open_ballots.length === 0 ? (
          <Text c="dimmed">{t('No statutory ballot is open.')}</Text>
        ) : (
          dashboard.open_ballots.map((ballot) => (
            <Paper key={ballot.ballot_id} withBorder p="sm">
              <Group justify="space-between" gap="xs" wrap="wrap">
                <AnchorLink
                  to="/groups/$groupId/disputes/$disputeId/ballots/$ballotId/chase"
                  params={{ groupId, disputeId: ballot.dispute_id, ballotId: ballot.ballot_id }}
                  fw={600}
                >
                  {ballot.dispute_title}
                </AnchorLink>
                {ballot.turnout_met !== null && (
                  <Badge color={ballot.turnout_met ? 'teal.9' : 'red.9'} variant="filled">
                    {ballot.turnout_met ? t('Turnout met') : t('Turnout short')}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {t('{voted} of {total} say they voted ({turnout}); closes {day}', {
                  voted: formatCount(ballot.voted),
                  total: formatCount(ballot.on_roll),
                  turnout: formatPercent(ballot.turnout_percent),
                  day: formatDay(ballot.closes_on),
                })}
              </Text>
            </Paper>
          ))
        )}
      </Stack>
    </SimpleGrid>
  );
}

function Overdue({ groupId, dashboard }: { groupId: string; dashboard: Dashboard }) {
  const { t } = useTranslation();
  if (dashboard.overdue_count === 0) return <Text c="dimmed">{t('Nothing is overdue.')}</Text>;
  return (
    <Stack gap="xs">
      <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
        {dashboard.overdue.map((item) => (
          <li key={item.follow_up_id}>
            <Text size="sm" className="break-anywhere">
              {item.title}
            </Text>
            <Text size="xs" c="dimmed">
              {t('due {day}', { day: formatDay(item.due_on) })}
              {item.assignee_name && ` · ${item.assignee_name}`}
            </Text>
          </li>
        ))}
      </Stack>
      <AnchorLink to="/groups/$groupId/follow-ups" params={{ groupId }} search={{}} size="sm">
        {t('All follow-ups')}
      </AnchorLink>
    </Stack>
  );
}

/** The organisers' overview at the top of Home. */
export function GroupDashboard({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const query = useQuery(dashboardQuery(groupId));
  if (query.isPending) return <Skeleton height={320} aria-busy="true" />;
  if (query.isError) return <FormAlert message={errorMessage(query.error)} />;
  const dashboard = query.data;
  const now = dashboard.now;
  return (
    <Stack gap="lg" component="section" aria-labelledby="dashboard-heading" data-testid="group-dashboard">
      <Group justify="space-between" gap="xs" align="baseline">
        <Title order={2} size="h3" id="dashboard-heading">
          {t('The group at a glance')}
        </Title>
        <AnchorLink to="/groups/$groupId/committee" params={{ groupId }} size="sm">
          {t('Committee coverage')}
        </AnchorLink>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Figure
          label={t('Workers known')}
          value={formatCount(now.contacts)}
          note={now.headcount > 0 ? t('{share} of {headcount}', { share: formatPercent(share(now.contacts, now.headcount)), headcount: formatCount(now.headcount) }) : undefined}
        />
        <Figure
          label={t('Held by a member')}
          value={formatCount(now.held)}
          note={formatPercent(share(now.held, now.contacts))}
        />
        <Figure label={t('Committee')} value={formatCount(now.committee)} />
        <Figure label={t('Conversations, 7 days')} value={formatCount(now.conversations)} />
      </SimpleGrid>
      <Trends dashboard={dashboard} />
      <OpenWork groupId={groupId} dashboard={dashboard} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="xs" component="section" aria-labelledby="dashboard-organisers">
          <Title order={3} size="h4" id="dashboard-organisers">
            {t('Activity by member')}
          </Title>
          <Organisers dashboard={dashboard} />
        </Stack>
        <Stack gap="xs" component="section" aria-labelledby="dashboard-overdue">
          <Title order={3} size="h4" id="dashboard-overdue">
            {t('Overdue follow-ups ({overdue})', { overdue: formatCount(dashboard.overdue_count) })}
          </Title>
          <Overdue groupId={groupId} dashboard={dashboard} />
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
