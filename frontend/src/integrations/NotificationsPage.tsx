import { Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import i18next from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { groupQuery } from '../api/groups';
import { notificationsQuery, type Notification } from '../api/integrations';
import { voteNoticesQuery } from '../api/offices';
import { AnchorLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { formatDateTime } from '../lib/format';
import { NoPermission } from '../shared/NoPermission';
import { can } from '../shared/permissions';
import { PagedList } from '../shared/PagedList';

const route = getRouteApi('/_app/groups/$groupId/notifications');

/** Notices the server leaves for the group's organisers, such as a webhook it had to disable. */
export function NotificationsPage() {
  const { groupId } = route.useParams();
  const { t } = useTranslation();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Notifications · {group}', { group: group.name }));
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1}>{t('Notifications')}</Title>
        <Text c="dimmed">
          {can(group, 'webhooks:manage')
            ? t('What the server has had to tell the group’s organisers, newest first. The owners are emailed each one too.')
            : t('Votes that opened, closed or were decided, newest first. Everyone who may vote is emailed each one too.')}
        </Text>
        {can(group, 'reads:audit') && (
          <Text size="sm">
            <Trans
              i18nKey="The alert about who reads many people’s records is set on the <anchor>Read audit</anchor> page."
              components={{ anchor: <AnchorLink to="/groups/$groupId/read-audit" params={{ groupId }} underline="always" /> }}
            />
          </Text>
        )}
      </Stack>
      {can(group, 'webhooks:manage') ? (
        <NotificationList groupId={groupId} />
      ) : can(group, 'records:read') ? (
        <VoteNoticeList groupId={groupId} />
      ) : (
        <NoPermission title={t('Only organisers and owners see the notifications')}>
          {t('They are about the group’s connections to other programs.')}
        </NoPermission>
      )}
    </Stack>
  );
}

function NotificationList({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const notifications = useInfiniteQuery(notificationsQuery(groupId));
  return (
    <PagedList
      query={notifications}
      label={t('Notifications')}
      empty={t('Nothing to report.')}
      renderItem={(notification) => <NotificationItem key={notification.id} groupId={groupId} notification={notification} />}
    />
  );
}

/** What members who do not manage the group's connections see: the notices about votes. */
function VoteNoticeList({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const notices = useInfiniteQuery(voteNoticesQuery(groupId));
  return (
    <PagedList
      query={notices}
      label={t('Notifications')}
      empty={t('No votes have opened or closed yet.')}
      renderItem={(notification) => <NotificationItem key={notification.id} groupId={groupId} notification={notification} />}
    />
  );
}

function voteNoticeText(kind: string, title: string): string | null {
  switch (kind) {
    case 'vote_opened':
      return i18next.t('A vote has opened: {title}', { title });
    case 'vote_closed':
      return i18next.t('A vote has closed without a decision: {title}', { title });
    case 'vote_decided':
      return i18next.t('A vote has been decided: {title}', { title });
    default:
      return null;
  }
}

function NotificationItem({ groupId, notification }: { groupId: string; notification: Notification }) {
  const { t } = useTranslation();
  const voteText = voteNoticeText(notification.kind, notification.message);
  return (
    <Paper component="li" withBorder p="sm">
      <Text size="sm" c="dimmed">
        {formatDateTime(notification.created_at)}
      </Text>
      <Text className="break-anywhere">{voteText ?? notification.message}</Text>
      {voteText && notification.subject_id && (
        <AnchorLink
          to="/groups/$groupId/votes/$voteId"
          params={{ groupId, voteId: notification.subject_id }}
          size="sm"
          underline="always"
        >
          {t('Open the vote')}
        </AnchorLink>
      )}
    </Paper>
  );
}
