import { Button, Stack, TextInput } from '@mantine/core';
import { notify } from '../app/notify';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../app/FormAlert';
import { useApiForm } from '../shared/useApiForm';
import { createGroup } from '../api/groups';

export function CreateGroupForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { name: '' },
    validate: {
      name: (value) => (value.trim() === '' ? t('Enter a name for the group') : null),
    },
  });
  const mutation = useMutation({
    mutationFn: createGroup,
    onSuccess: async (group) => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['groups', 'mine'] });
      notify({ message: t('Group “{name}” created. You are its owner.', { name: group.name }) });
      await navigate({ to: '/groups/$groupId/members', params: { groupId: group.id } });
    },
    onError: showError,
  });

  return (
    <form
      noValidate
      aria-labelledby="create-group-heading"
      onSubmit={onSubmit((values) => {
        mutation.mutate({ name: values.name.trim() });
      })}
    >
      <Stack gap="sm">
        <FormAlert message={formError} />
        <TextInput
          label={t('Group name')}
          description={t('For example the workplace or branch you organise in.')}
          required
          key={form.key('name')}
          {...form.getInputProps('name')}
        />
        <Button type="submit" loading={mutation.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('Create group')}
        </Button>
      </Stack>
    </form>
  );
}
