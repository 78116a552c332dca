import { useState } from 'react';
import { Badge, Button, Card, Group, Modal, Select, Skeleton, Stack, Text } from '@mantine/core';
import { notify } from '../app/notify';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import type { GroupDetail, Member, Role } from '../api/types';
import { FormAlert } from '../app/FormAlert';
import { can } from '../shared/permissions';
import { changeRole, membersQuery, removeMember } from '../api/members';
import { assignableRoles, canChangeRole, roleLabel } from '../shared/roles';
import { formatDate } from '../lib/format';
import { languageList } from '../lib/spokenLanguages';

interface Props {
  group: GroupDetail;
  myUserId: string | null;
}

export function MemberList({ group, myUserId }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const members = useInfiniteQuery(membersQuery(group.id));
  const [removing, setRemoving] = useState<Member | null>(null);
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  const manage = can(group, 'members:manage');
  const roleOptions = assignableRoles(group.role).map((role) => ({
    value: role,
    label: roleLabel(role),
  }));

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['groups', group.id] });

  const roleMutation = useMutation({
    mutationFn: (vars: { member: Member; role: Role }) =>
      changeRole(group.id, vars.member.id, vars.role),
    onSuccess: async (_data, { member, role }) => {
      await refresh();
      notify({
        message: t('{name} is now {role, select, owner {an owner} organiser {an organiser} member {a member} other {an observer}}.', { name: member.display_name, role }),
      });
    },
    onError: (error) =>
      notify({ color: 'red', title: t('Role not changed'), message: errorMessage(error) }),
  });

  const removeMutation = useMutation({
    mutationFn: (member: Member) => removeMember(group.id, member.id),
    onSuccess: async (_data, member) => {
      setRemoving(null);
      await refresh();
      notify({ message: t('{name} was removed from {group}.', { name: member.display_name, group: group.name }) });
    },
  });

  if (members.isPending) {
    return (
      <Stack gap="sm" aria-busy="true">
        <Skeleton height={76} />
        <Skeleton height={76} />
        <Skeleton height={76} />
      </Stack>
    );
  }
  if (members.isError) return <FormAlert message={errorMessage(members.error)} />;

  return (
    <>
      <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Members')}>
        {items.map((member) => {
          const isMe = member.user_id === myUserId;
          const editable = manage && !isMe && canChangeRole(group.role, member.role);
          return (
            <Card component="li" key={member.id} withBorder padding="sm" data-testid="member">
              <Group justify="space-between" align="center" wrap="wrap" gap="sm">
                <Stack gap={0} style={{ flex: '1 1 14rem', minWidth: 0 }}>
                  <Text fw={600} className="break-anywhere">
                    {member.display_name}
                    {isMe && (
                      <Text span c="dimmed" fw={400}>
                        {' '}
                        {t('(you)')}
                      </Text>
                    )}
                  </Text>
                  <Text size="sm" c="dimmed" className="break-anywhere">
                    {member.email}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('Joined {date}', { date: formatDate(member.joined_at) })}
                  </Text>
                  {member.spoken_languages.length > 0 && (
                    <Text size="xs" className="break-anywhere">
                      {t('Speaks {languages}', { languages: languageList(member.spoken_languages) })}
                    </Text>
                  )}
                </Stack>
                <Group gap="xs" wrap="nowrap">
                  {editable ? (
                    <Select
                      aria-label={t('Role of {name}', { name: member.display_name })}
                      data={roleOptions}
                      value={member.role}
                      allowDeselect={false}
                      w={140}
                      disabled={roleMutation.isPending && roleMutation.variables.member.id === member.id}
                      onChange={(role) => {
                        if (role !== null && role !== member.role) {
                          roleMutation.mutate({ member, role: role as Role });
                        }
                      }}
                    />
                  ) : (
                    <Badge color="gray.8" size="lg">
                      {roleLabel(member.role)}
                    </Badge>
                  )}
                  {editable && (
                    <Button
                      variant="subtle"
                      color="red.9"
                      aria-label={t('Remove {name}', { name: member.display_name })}
                      onClick={() => {
                        removeMutation.reset();
                        setRemoving(member);
                      }}
                    >
                      {t('Remove')}
                    </Button>
                  )}
                </Group>
              </Group>
            </Card>
          );
        })}
      </Stack>
      {members.hasNextPage && (
        <Button
          variant="default"
          mt="sm"
          loading={members.isFetchingNextPage}
          onClick={() => void members.fetchNextPage()}
        >
          {t('Show more members')}
        </Button>
      )}

      <Modal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t('Remove {name}?', { name: removing?.display_name ?? '' })}
      >
        <Stack gap="md">
          <Text>
            {t('{name} will lose access to {group} at once. You can invite them again later.', {
              name: removing?.display_name ?? '',
              group: group.name,
            })}
          </Text>
          {removeMutation.isError && <FormAlert message={errorMessage(removeMutation.error)} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setRemoving(null)}>
              {t('Cancel')}
            </Button>
            <Button
              color="red.9"
              loading={removeMutation.isPending}
              onClick={() => removing && removeMutation.mutate(removing)}
            >
              {t('Remove from group')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
