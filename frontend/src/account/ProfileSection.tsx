import { Button, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { saveDisplayName } from '../api/account';
import { authStore } from '../api/client';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { useApiForm } from '../shared/useApiForm';
import { useAuth } from '../shared/session';
import { validateRequired } from '../shared/validation';
import { EmailSection } from './EmailSection';

/** The name others in the groups see, and the address the account logs in with. */
export function ProfileSection() {
  const { t } = useTranslation();
  const auth = useAuth();
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { display_name: auth.user?.display_name ?? '' },
    validate: { display_name: validateRequired(t('Enter your name')) },
  });
  const mutation = useMutation({
    mutationFn: (values: { display_name: string }) => saveDisplayName(values.display_name.trim()),
    onSuccess: (user) => {
      authStore.setUser(user);
      notify({ color: 'green', message: t('Your name is saved.') });
    },
    onError: showError,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="profile-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="profile-heading">
          {t('Name and email')}
        </Title>
        <form
          noValidate
          onSubmit={onSubmit((values) => {
            mutation.mutate(values);
          })}
        >
          <Stack gap="sm" maw={420}>
            <FormAlert message={formError} />
            <TextInput
              label={t('Display name')}
              description={t('What the people in your groups see')}
              autoComplete="name"
              required
              key={form.key('display_name')}
              {...form.getInputProps('display_name')}
            />
            <Button type="submit" loading={mutation.isPending} w="fit-content">
              {t('Save name')}
            </Button>
          </Stack>
        </form>
        <EmailSection />
      </Stack>
    </Paper>
  );
}
