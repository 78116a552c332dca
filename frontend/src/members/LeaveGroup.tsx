import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notify } from '../app/notify';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import type { GroupDetail } from '../api/types';
import { FormAlert } from '../app/FormAlert';
import { leaveGroup } from '../api/members';

export function LeaveGroup({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const [opened, modal] = useDisclosure(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: () => leaveGroup(group.id),
    onSuccess: async () => {
      modal.close();
      await navigate({ to: '/groups' });
      queryClient.removeQueries({ queryKey: ['groups', group.id] });
      await queryClient.invalidateQueries({ queryKey: ['groups', 'mine'] });
      notify({ message: t('You left {group}.', { group: group.name }) });
    },
  });

  return (
    <>
      <Text size="sm">
        {t('You will lose access to {group} at once. To come back you will need a new invite.', { group: group.name })}
      </Text>
      <Button
        variant="outline"
        color="red.9"
        mt="sm"
        onClick={() => {
          mutation.reset();
          modal.open();
        }}
      >
        {t('Leave group')}
      </Button>
      <Modal opened={opened} onClose={modal.close} title={t('Leave {group}?', { group: group.name })}>
        <Stack gap="md">
          <Text>{t('You will lose access to this group at once.')}</Text>
          {mutation.isError && <FormAlert message={errorMessage(mutation.error)} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={modal.close}>
              {t('Stay')}
            </Button>
            <Button color="red.9" loading={mutation.isPending} onClick={() => mutation.mutate()}>
              {t('Leave group')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
