import { Badge, Button, Checkbox, Group, Paper, Progress, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupQuery } from '../api/groups';
import { ballotQuery } from '../api/disputes';
import {
  addMembersToRoll,
  campaignKeys,
  chaseQuery,
  rollQuery,
  tickVoter,
  type Chase,
  type ChaseStep,
  type Voter,
} from '../api/campaigns';
import { FormAlert } from '../app/FormAlert';
import { errorMessage } from '../api/errors';

import { AnchorLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { can } from '../shared/permissions';
import { formatCount, formatDay, formatPercent } from '../lib/format';


const errorText = (error: Error | null) => (error === null ? null : errorMessage(error));
const route = getRouteApi('/_app/groups/$groupId/disputes/$disputeId/ballots/$ballotId/chase');

type RollView = 'all' | 'mine' | 'not_voted';

function Projection({ chase }: { chase: Chase }) {
  const { t } = useTranslation();
  const turnout = chase.thresholds.find((check) => check.key === 'turnout');
  const support = chase.thresholds.find((check) => check.key === 'important_public_service_support');
  return (
    <Paper withBorder p="md" data-testid="chase-projection">
      <Stack gap="xs">
        <Title order={2} size="h3">
          {t('If the ballot closed now')}
        </Title>
        <Text size="sm">
          {t('{voted} of {entitled} say they have voted: turnout {turnout}.', {
            voted: formatCount(chase.voted),
            entitled: formatCount(chase.on_roll),
            turnout: formatPercent(chase.turnout_percent),
          })}
        </Text>
        {turnout ? (
          <>
            <Progress
              value={chase.turnout_percent ?? 0}
              color={turnout.met ? 'green' : 'orange'}
              size="xl"
              aria-label={t('Turnout')}
            />
            {turnout.met ? (
              <Badge color="teal.9" variant="filled" size="lg" data-testid="turnout-verdict">
                {t('Turnout threshold met ({required} needed)', { required: formatPercent(turnout.required_percent) })}
              </Badge>
            ) : (
              <Badge color="red.9" variant="filled" size="lg" data-testid="turnout-verdict">
                {t('{short, plural, one {# more vote needed} other {# more votes needed}} for the {required} turnout', {
                  short: -(turnout.margin_votes ?? 0),
                  required: formatPercent(turnout.required_percent),
                })}
              </Badge>
            )}
          </>
        ) : (
          <Text size="sm">{t('No turnout threshold applies to this ballot.')}</Text>
        )}
        {support && (
          <Text size="sm">
            {support.met
              ? t('Support in an important public service: {yes} of those entitled are voters assessed 1 or 2, meeting the {required}.', {
                  yes: formatPercent(support.actual_percent),
                  required: formatPercent(support.required_percent),
                })
              : t('Support in an important public service: {yes} of those entitled are voters assessed 1 or 2, short of the {required}.', {
                  yes: formatPercent(support.actual_percent),
                  required: formatPercent(support.required_percent),
                })}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('Address checked: {checked} · Paper received: {received}', {
            checked: formatCount(chase.address_checked),
            received: formatCount(chase.paper_received),
          })}
        </Text>
      </Stack>
    </Paper>
  );
}

function Breakdown({ chase }: { chase: Chase }) {
  const { t } = useTranslation();
  const rows = [
    ...chase.by_department.map((row) => ({ ...row, key: `d-${row.id ?? ''}`, label: row.name ?? t('No department') })),
    ...chase.by_shift.map((row) => ({ ...row, key: `s-${row.id ?? ''}`, label: row.name ?? t('No shift') })),
  ];
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="xs">
        {t('Turnout by department and shift')}
      </Title>
        <Table fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('Where')}</Table.Th>
              <Table.Th>{t('Voted')}</Table.Th>
              <Table.Th>{t('Turnout')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Td>{row.label}</Table.Td>
                <Table.Td>
                  {t('{voted} of {total}', { voted: formatCount(row.voted), total: formatCount(row.on_roll) })}
                </Table.Td>
                <Table.Td>{formatPercent(row.turnout_percent)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
    </Paper>
  );
}

function Progression({ chase }: { chase: Chase }) {
  const { t } = useTranslation();
  if (chase.daily.length === 0) return null;
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="xs">
        {t('Day by day')}
      </Title>
      <Stack gap={4} role="list" aria-label={t('Turnout day by day')}>
        {chase.daily.map((day) => (
          <Group key={day.day} gap="xs" wrap="nowrap" role="listitem">
            <Text size="xs" w="6rem" style={{ flexShrink: 0 }}>
              {formatDay(day.day)}
            </Text>
            <Progress value={day.turnout_percent ?? 0} style={{ flex: 1 }} aria-hidden />
            <Text size="xs" w="3.5rem" ta="end">
              {formatPercent(day.turnout_percent)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

function Organisers({ chase }: { chase: Chase }) {
  const { t } = useTranslation();
  if (chase.organisers.length === 0) return null;
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="xs">
        {t('Still to vote, by organiser')}
      </Title>
      <Stack gap={4}>
        {chase.organisers.map((row) => (
          <Group key={row.organiser_id ?? 'nobody'} justify="space-between">
            <Text size="sm">{row.display_name ?? t('Nobody holds them')}</Text>
            <Badge variant="light">{formatCount(row.not_voted)}</Badge>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

function VoterRow({ voter, canTick, onTick }: { voter: Voter; canTick: boolean; onTick: (step: ChaseStep, ticked: boolean) => void }) {
  const { t } = useTranslation();
  const steps: { step: ChaseStep; label: string; ticked: boolean }[] = [
    { step: 'address_checked', label: t('Address checked'), ticked: voter.address_checked_at !== null },
    { step: 'paper_received', label: t('Paper received'), ticked: voter.paper_received_at !== null },
    { step: 'voted', label: t('Says they voted'), ticked: voter.voted_at !== null },
  ];
  return (
    <Paper withBorder p="sm" component="li" data-testid="voter">
      <Stack gap={6}>
        <Text fw={600} className="break-anywhere">
          {voter.full_name}
        </Text>
        <Text size="xs" c="dimmed">
          {[voter.department_name, voter.shift_name].filter(Boolean).join(' · ')}
        </Text>
        <Group gap="md">
          {steps.map(({ step, label, ticked }) => (
            <Checkbox
              key={step}
              size="md"
              label={label}
              checked={ticked}
              disabled={!canTick}
              aria-label={t('{step}: {name}', { step: label, name: voter.full_name })}
              onChange={(event) => onTick(step, event.currentTarget.checked)}
            />
          ))}
        </Group>
      </Stack>
    </Paper>
  );
}

export function BallotChasePage() {
  const { t } = useTranslation();
  const { groupId, disputeId, ballotId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: ballot } = useSuspenseQuery(ballotQuery(groupId, ballotId));
  usePageTitle(t('Turnout chase · {group}', { group: group.name }));
  const [view, setView] = useState<RollView>('all');
  const filters = { mine: view === 'mine', notVoted: view === 'not_voted' };
  const chase = useQuery(chaseQuery(groupId, ballotId));
  const roll = useQuery(rollQuery(groupId, ballotId, filters));
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: campaignKeys.ballot(groupId, ballotId) });
  const tick = useMutation({
    mutationFn: ({ contactId, step, ticked }: { contactId: string; step: ChaseStep; ticked: boolean }) =>
      tickVoter(groupId, ballotId, contactId, step, ticked),
    onSettled: refresh,
  });
  const addMembers = useMutation({ mutationFn: () => addMembersToRoll(groupId, ballotId), onSettled: refresh });

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <AnchorLink to="/groups/$groupId/disputes/$disputeId" params={{ groupId, disputeId }} size="sm">
          {t('← Dispute')}
        </AnchorLink>
        <Title order={1}>{t('Turnout chase')}</Title>
        <Text c="dimmed">
          {t('Ballot open {opens} to {closes}', { opens: formatDay(ballot.opens_on), closes: formatDay(ballot.closes_on) })}
        </Text>
      </Stack>
      <FormAlert message={errorText(tick.error ?? addMembers.error)} />
      {chase.data && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Projection chase={chase.data} />
          <Organisers chase={chase.data} />
          <Breakdown chase={chase.data} />
          <Progression chase={chase.data} />
        </SimpleGrid>
      )}
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h3">
            {t('The roll')}
          </Title>
          {can(group, 'campaigns:write') && (
            <Button variant="default" onClick={() => addMembers.mutate()} loading={addMembers.isPending}>
              {t('Add the members at the dispute’s workplaces')}
            </Button>
          )}
        </Group>
        <SegmentedControl
          value={view}
          onChange={(value) => setView(value as RollView)}
          data={[
            { value: 'all', label: t('Everyone') },
            { value: 'mine', label: t('My people') },
            { value: 'not_voted', label: t('Not voted yet') },
          ]}
          aria-label={t('Show')}
        />
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {roll.data?.items.map((voter) => (
            <VoterRow
              key={voter.id}
              voter={voter}
              canTick={can(group, 'campaigns:record')}
              onTick={(step, ticked) => tick.mutate({ contactId: voter.contact_id, step, ticked })}
            />
          ))}
        </Stack>
        {roll.data?.items.length === 0 && <Text c="dimmed">{t('Nobody here.')}</Text>}
      </Stack>
    </Stack>
  );
}
