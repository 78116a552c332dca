import { Button, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import { notify } from '../app/notify';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/errors';
import type { GroupDetail, PendingInvite } from '../api/types';
import { FormAlert } from '../app/FormAlert';
import { roleLabel } from './roles';
import { invitesQuery, revokeInvite } from '../api/invites';
import { formatDateTime } from '../lib/format';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';

function inviteName(invite: PendingInvite): string {
  return (
    invite.email ??
    i18next.t('{role, select, owner {owner link} organiser {organiser link} member {member link} other {observer link}}', {
      role: invite.role,
    })
  );
}

export function PendingInvites({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const invites = useInfiniteQuery(invitesQuery(group.id));
  const items = invites.data?.pages.flatMap((page) => page.items) ?? [];

  const revoke = useMutation({
    mutationFn: (invite: PendingInvite) => revokeInvite(group.id, invite.id),
    onSuccess: async (_data, invite) => {
      await queryClient.invalidateQueries({ queryKey: ['groups', group.id, 'invites'] });
      notify({ message: t('Invite revoked: {invite}. Its link no longer works.', { invite: inviteName(invite) }) });
    },
    onError: (error) =>
      notify({ color: 'red', title: t('Invite not revoked'), message: errorMessage(error) }),
  });

  if (invites.isPending) return <Skeleton height={64} aria-busy="true" />;
  if (invites.isError) return <FormAlert message={errorMessage(invites.error)} />;
  if (items.length === 0) return <Text c="dimmed">{t('No invites are waiting to be accepted.')}</Text>;

  return (
    <>
      <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Pending invites')}>
        {items.map((invite) => (
          <Card component="li" key={invite.id} withBorder padding="sm">
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Stack gap={0} style={{ flex: '1 1 14rem', minWidth: 0 }}>
                <Text fw={600} className="break-anywhere">
                  {invite.email ?? t('Anyone with the link')}
                </Text>
                <Text size="sm" c="dimmed">
                  {invite.created_by_name
                    ? t('{role} · expires {when} · created by {name}', {
                        role: roleLabel(invite.role),
                        when: formatDateTime(invite.expires_at),
                        name: invite.created_by_name,
                      })
                    : t('{role} · expires {when}', {
                        role: roleLabel(invite.role),
                        when: formatDateTime(invite.expires_at),
                      })}
                </Text>
              </Stack>
              <Button
                variant="subtle"
                color="red.9"
                aria-label={t('Revoke invite: {invite}', { invite: inviteName(invite) })}
                loading={revoke.isPending && revoke.variables.id === invite.id}
                onClick={() => revoke.mutate(invite)}
              >
                {t('Revoke')}
              </Button>
            </Group>
          </Card>
        ))}
      </Stack>
      {invites.hasNextPage && (
        <Button
          variant="default"
          mt="sm"
          loading={invites.isFetchingNextPage}
          onClick={() => void invites.fetchNextPage()}
        >
          {t('Show more invites')}
        </Button>
      )}
    </>
  );
}
