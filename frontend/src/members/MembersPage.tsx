import { Badge, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../app/usePageTitle';
import { useAuth } from '../shared/session';
import { groupQuery } from '../api/groups';
import { can } from '../shared/permissions';
import { InviteForm } from '../shared/InviteForm';
import { PendingInvites } from '../shared/PendingInvites';
import { LeaveGroup } from './LeaveGroup';
import { MemberList } from './MemberList';

const route = getRouteApi('/_app/groups/$groupId/members');

export function MembersPage() {
  const { groupId } = route.useParams();
  const { t } = useTranslation();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const auth = useAuth();
  usePageTitle(t('Members · {group}', { group: group.name }));
  const manageInvites = can(group, 'invites:manage');

  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Group gap="sm" wrap="wrap">
          <Title order={1} className="break-anywhere">
            {group.name}
          </Title>
          {group.is_demo && <Badge variant="filled" color="yellow.4">{t('Demo data')}</Badge>}
        </Group>
        <Text c="dimmed">{t('You are {role, select, owner {an owner} organiser {an organiser} member {a member} other {an observer}} of this group.', { role: group.role })}</Text>
      </Stack>

      <section aria-labelledby="members-heading">
        <Title order={2} size="h3" id="members-heading" mb="sm">
          {t('Members')}
        </Title>
        <MemberList group={group} myUserId={auth.user?.id ?? null} />
      </section>

      {manageInvites && (
        <>
          <section aria-labelledby="invite-heading">
            <Title order={2} size="h3" id="invite-heading" mb="sm">
              {t('Invite people')}
            </Title>
            <InviteForm group={group} />
          </section>
          <section aria-labelledby="pending-heading">
            <Title order={2} size="h3" id="pending-heading" mb="sm">
              {t('Pending invites')}
            </Title>
            <PendingInvites group={group} />
          </section>
        </>
      )}

      <Divider />
      <section aria-labelledby="leave-heading">
        <Title order={2} size="h3" id="leave-heading" mb="xs">
          {t('Leave this group')}
        </Title>
        <LeaveGroup group={group} />
      </section>
    </Stack>
  );
}
