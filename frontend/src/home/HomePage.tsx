import {
  Alert,
  Badge,
  Box,
  Card,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useQueries, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { useAuth } from '../shared/session';
import { CHANNEL_LABELS } from '../shared/levels';
import { disputeQuery } from '../api/disputes';
import { DISPUTE_STATUS_LABELS } from '../shared/disputeLabels';
import { FollowUpList } from '../shared/FollowUpList';
import { followUpsQuery } from '../api/followups';
import { groupQuery } from '../api/groups';
import { can } from '../shared/permissions';
import { useMembers } from '../shared/useMembers';
import { OutboxList } from '../shared/outbox/OutboxList';
import { disputesInProgressQuery, recentConversationsQuery } from '../api/home';
import { voteListQuery } from '../api/democracy';
import { formatDateTime, formatDay, relativeDay, relativeTime } from '../lib/format';

const route = getRouteApi('/_app/groups/$groupId/');

// Its charts are heavy and only organisers see them: loaded on demand, outside the first page.
const GroupDashboard = lazy(() => import('./GroupDashboard').then((module) => ({ default: module.GroupDashboard })));

function ListSkeleton({ rows, height = 64 }: { rows: number; height?: number }) {
  return (
    <Stack gap="xs" aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={height} />
      ))}
    </Stack>
  );
}

function Section({
  id,
  title,
  more,
  children,
}: {
  id: string;
  title: string;
  more?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <Box component="section" aria-labelledby={id}>
      <Group justify="space-between" align="baseline" mb="xs" gap="xs">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {more}
      </Group>
      {children}
    </Box>
  );
}

function MyFollowUps({ groupId, canEdit }: { groupId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const followUps = useInfiniteQuery(followUpsQuery(groupId, 'mine', { limit: 8 }));
  const members = useMembers(groupId);
  if (followUps.isPending) return <ListSkeleton rows={3} />;
  if (followUps.isError) return <FormAlert message={errorMessage(followUps.error)} />;
  const items = followUps.data.pages[0]?.items ?? [];
  if (items.length === 0) {
    return (
      <Text c="dimmed">
        {t('Nothing for you to follow up. When a conversation needs another one, add a follow-up as you log it.')}
      </Text>
    );
  }
  return (
    <FollowUpList groupId={groupId} items={items} names={members.names} canEdit={canEdit} label={t('Your follow-ups')} />
  );
}

function RecentConversations({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const conversations = useQuery(recentConversationsQuery(groupId));
  const members = useMembers(groupId);
  if (conversations.isPending) return <ListSkeleton rows={4} height={72} />;
  if (conversations.isError) return <FormAlert message={errorMessage(conversations.error)} />;
  if (conversations.data.length === 0) {
    return <Text c="dimmed">{t('No conversations logged yet. Log the first one after your next shift.')}</Text>;
  }
  return (
    <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Recent conversations')}>
      {conversations.data.map((conversation) => (
        <Card component="li" key={conversation.id} withBorder padding="sm">
          <Group justify="space-between" gap="xs" wrap="wrap" align="baseline">
            <AnchorLink
              to="/groups/$groupId/contacts/$contactId"
              params={{ groupId, contactId: conversation.contact_id }}
              fw={600}
              className="break-anywhere"
            >
              {conversation.contact_name}
            </AnchorLink>
            <Text size="xs" c="dimmed" title={formatDateTime(conversation.occurred_at)}>
              {relativeTime(conversation.occurred_at)}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {CHANNEL_LABELS[conversation.channel]}
            {conversation.spoken_by &&
              ` · ${t('by {name}', { name: members.names.get(conversation.spoken_by) ?? t('a former member') })}`}
          </Text>
          {conversation.notes && (
            <Text size="sm" lineClamp={2} className="break-anywhere" mt={4}>
              {conversation.notes}
            </Text>
          )}
        </Card>
      ))}
    </Stack>
  );
}

function DisputesInProgress({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const disputes = useQuery(disputesInProgressQuery(groupId));
  const details = useQueries({
    queries: (disputes.data ?? []).map((dispute) => disputeQuery(groupId, dispute.id)),
  });
  if (disputes.isPending) return <ListSkeleton rows={2} height={80} />;
  if (disputes.isError) return <FormAlert message={errorMessage(disputes.error)} />;
  if (disputes.data.length === 0) {
    return <Text c="dimmed">{t('No disputes in progress. Start one from Disputes when a grievance needs a campaign.')}</Text>;
  }
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Disputes in progress')}>
      {disputes.data.map((dispute, index) => {
        const detail = details[index]?.data;
        const next = detail?.next_event ?? null;
        return (
          <Card component="li" key={dispute.id} withBorder padding="sm">
            <Stack gap={6}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <AnchorLink
                  to="/groups/$groupId/disputes/$disputeId"
                  params={{ groupId, disputeId: dispute.id }}
                  fw={600}
                  className="break-anywhere"
                >
                  {dispute.title}
                </AnchorLink>
                <Badge color="indigo.9" variant="light" style={{ textTransform: 'none', flexShrink: 0 }}>
                  {DISPUTE_STATUS_LABELS[dispute.status]}
                </Badge>
              </Group>
              {detail === undefined ? (
                <Skeleton height={18} width="70%" />
              ) : next === null ? (
                <Text size="sm" c="dimmed">
                  {t('Nothing dated ahead on its timeline.')}
                </Text>
              ) : (
                <Text size="sm">
                  <Text span fw={600} inherit>
                    {t('Next: {title}', { title: next.title })}
                  </Text>{' '}
                  <Text span c="dimmed" inherit title={formatDay(next.occurs_on)}>
                    {t('({when}, {date})', { when: relativeDay(next.occurs_on), date: formatDay(next.occurs_on) })}
                  </Text>
                </Text>
              )}
            </Stack>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

/** Open secret ballots the person may still vote in; nothing at all when there are none. */
function VotesWaiting({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const votes = useQuery(voteListQuery(groupId, true));
  const waiting = votes.data?.items ?? [];
  if (waiting.length === 0) return null;
  return (
    <Alert color="orange" variant="light" title={t('Votes waiting for you')} role="region" aria-label={t('Votes waiting for you')}>
      <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {waiting.map((vote) => (
          <li key={vote.id}>
            <AnchorLink to="/groups/$groupId/votes/$voteId" params={{ groupId, voteId: vote.id }} className="break-anywhere">
              {vote.title}
            </AnchorLink>
          </li>
        ))}
      </Stack>
    </Alert>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const auth = useAuth();
  usePageTitle(group.name);
  const canLog = can(group, 'conversations:write');
  const firstName = (auth.user?.display_name ?? '').trim().split(/\s+/)[0] ?? '';

  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Group gap="sm" wrap="wrap">
          <Title order={1} className="break-anywhere">
            {group.name}
          </Title>
          {group.is_demo && (
            <Badge variant="filled" color="yellow.4">
              {t('Demo data')}
            </Badge>
          )}
        </Group>
        <Text c="dimmed">
          {firstName ? t('Hello {name}. Here is what needs doing.', { name: firstName }) : t('Here is what needs doing.')}
        </Text>
        {canLog && (
          <ButtonLink
            to="/groups/$groupId/log"
            params={{ groupId }}
            search={{}}
            size="lg"
            w={{ base: '100%', xs: 'auto' }}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('Log a conversation')}
          </ButtonLink>
        )}
      </Stack>

      <OutboxList groupId={groupId} />
      <VotesWaiting groupId={groupId} />

      {can(group, 'campaigns:write') && (
        <Suspense fallback={<Skeleton height={320} aria-busy="true" />}>
          <GroupDashboard groupId={groupId} />
        </Suspense>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl" verticalSpacing="xl">
        <Section
          id="my-follow-ups"
          title={t('Your follow-ups')}
          more={
            <AnchorLink to="/groups/$groupId/follow-ups" params={{ groupId }} search={{}} size="sm">
              {t('All follow-ups')}
            </AnchorLink>
          }
        >
          <MyFollowUps groupId={groupId} canEdit={can(group, 'followups:write')} />
        </Section>

        <Section
          id="recent-conversations"
          title={t('Recent conversations')}
          more={
            <AnchorLink to="/groups/$groupId/contacts" params={{ groupId }} search={{ sort: '-last_conversation_at' }} size="sm">
              {t('Contacts')}
            </AnchorLink>
          }
        >
          <RecentConversations groupId={groupId} />
        </Section>
      </SimpleGrid>

      <Section
        id="disputes-in-progress"
        title={t('Disputes in progress')}
        more={
          <AnchorLink to="/groups/$groupId/disputes" params={{ groupId }} size="sm">
            {t('All disputes')}
          </AnchorLink>
        }
      >
        <DisputesInProgress groupId={groupId} />
      </Section>
    </Stack>
  );
}
