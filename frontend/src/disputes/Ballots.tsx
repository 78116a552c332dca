import { Badge, Card, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { ButtonLink } from '../app/links';
import { ballotsQuery } from '../api/disputes';
import { BallotVerdictView } from './BallotVerdictView';
import { BALLOT_KIND_LABELS } from '../shared/disputeLabels';
import type { Ballot } from '../api/disputeTypes';
import { formatCount, formatDay } from '../lib/format';

function figure(value: number | null): string {
  return value === null ? '–' : formatCount(value);
}

export function ballotHeading(ballot: Pick<Ballot, 'kind' | 'opens_on' | 'closes_on'>): string {
  return i18next.t('{kind}, {opens} to {closes}', {
    kind: BALLOT_KIND_LABELS[ballot.kind],
    opens: formatDay(ballot.opens_on),
    closes: formatDay(ballot.closes_on),
  });
}

function BallotCard({ groupId, disputeId, ballot, canEdit }: { groupId: string; disputeId: string; ballot: Ballot; canEdit: boolean }) {
  const { t } = useTranslation();
  const headingId = `ballot-${ballot.id}`;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId} data-testid="ballot">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={2} style={{ flex: '1 1 12rem', minWidth: 0 }}>
            <Title order={3} size="h4" id={headingId}>
              {ballotHeading(ballot)}
            </Title>
            <Group gap={6}>
              {ballot.important_public_service && (
                <Badge color="blue" variant="light">
                  {t('Important public service')}
                </Badge>
              )}
              {ballot.employer_agreed_longer_mandate && (
                <Badge color="gray" variant="light">
                  {t('Employer agreed a longer mandate')}
                </Badge>
              )}
              {ballot.employer_agreed_shorter_notice && (
                <Badge color="gray" variant="light">
                  {t('Employer agreed shorter notice')}
                </Badge>
              )}
            </Group>
          </Stack>
          <ButtonLink
            to="/groups/$groupId/disputes/$disputeId/ballots/$ballotId/chase"
            params={{ groupId, disputeId, ballotId: ballot.id }}
            variant="light"
            size="xs"
            aria-label={t('Turnout chase: {ballot}', { ballot: ballotHeading(ballot) })}
          >
            {t('Turnout chase')}
          </ButtonLink>
          {canEdit && (
            <ButtonLink
              to="/groups/$groupId/disputes/$disputeId/ballots/$ballotId/edit"
              params={{ groupId, disputeId, ballotId: ballot.id }}
              variant="default"
              size="xs"
              aria-label={t('Edit {ballot}', { ballot: ballotHeading(ballot) })}
            >
              {t('Edit')}
            </ButtonLink>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {t('Entitled {entitled} · Cast {cast} · Yes {yes} · No {no} · Spoilt {spoilt}', {
            entitled: figure(ballot.entitled_to_vote),
            cast: figure(ballot.votes_cast),
            yes: figure(ballot.yes_votes),
            no: figure(ballot.no_votes),
            spoilt: figure(ballot.spoilt),
          })}
        </Text>
        <BallotVerdictView verdict={ballot.verdict} figures={ballot} />
        {ballot.notes && (
          <Text size="sm" className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
            {ballot.notes}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

export function Ballots({ groupId, disputeId, canEdit }: { groupId: string; disputeId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const ballots = useQuery(ballotsQuery(groupId, disputeId));
  return (
    <section aria-labelledby="ballots-heading">
      <Group justify="space-between" mb="sm" gap="sm">
        <Title order={2} size="h3" id="ballots-heading">
          {t('Ballots')}
        </Title>
        {canEdit && (
          <ButtonLink
            to="/groups/$groupId/disputes/$disputeId/ballots/new"
            params={{ groupId, disputeId }}
            variant="light"
            size="sm"
          >
            {t('Add ballot')}
          </ButtonLink>
        )}
      </Group>
      {ballots.isPending ? (
        <Skeleton height={240} />
      ) : ballots.isError ? (
        <FormAlert message={errorMessage(ballots.error)} />
      ) : ballots.data.length === 0 ? (
        <Paper withBorder p="md">
          <Text size="sm">
            {t(
              'No ballots yet. Add an indicative ballot to test support, or a statutory ballot to see whether it meets the legal thresholds and when action could start.',
            )}
          </Text>
        </Paper>
      ) : (
        <Stack gap="md">
          {ballots.data.map((ballot) => (
            <BallotCard key={ballot.id} groupId={groupId} disputeId={disputeId} ballot={ballot} canEdit={canEdit} />
          ))}
        </Stack>
      )}
    </section>
  );
}
