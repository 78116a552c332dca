import { Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { Trans, useTranslation } from 'react-i18next';
import { groupQuery } from '../api/groups';
import { notificationsQuery } from '../api/integrations';
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
          {t('What the server has had to tell the group’s organisers, newest first. The owners are emailed each one too.')}
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
      renderItem={(notification) => (
        <Paper key={notification.id} component="li" withBorder p="sm">
          <Text size="sm" c="dimmed">
            {formatDateTime(notification.created_at)}
          </Text>
          <Text className="break-anywhere">{notification.message}</Text>
        </Paper>
      )}
    />
  );
}
