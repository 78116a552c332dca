import { Button, Checkbox, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { changePassword } from '../api/account';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { useApiForm } from '../shared/useApiForm';
import { MIN_PASSWORD_LENGTH, validateRequired } from '../shared/validation';

export function PasswordSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { current_password: '', new_password: '', revoke_api_tokens: false },
    validate: {
      current_password: validateRequired(t('Enter your current password')),
      new_password: validateRequired(t('Enter a new password')),
    },
  });
  const mutation = useMutation({
    mutationFn: changePassword,
    onSuccess: () => {
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ['me', 'sessions'] });
      notify({ color: 'green', message: t('Password changed. Your other devices are signed out.') });
    },
    onError: showError,
  });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="password-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="password-heading">
          {t('Password')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('Changing it signs out your other devices and voids any reset links you were sent.')}
        </Text>
        <form
          noValidate
          onSubmit={onSubmit((values) => {
            mutation.mutate(values);
          })}
        >
          <Stack gap="sm" maw={420}>
            <FormAlert message={formError} />
            <PasswordInput
              label={t('Current password')}
              autoComplete="current-password"
              required
              key={form.key('current_password')}
              {...form.getInputProps('current_password')}
            />
            <PasswordInput
              label={t('New password')}
              description={t('At least {characters, plural, one {# character} other {# characters}}; not a common password', {
                characters: MIN_PASSWORD_LENGTH,
              })}
              autoComplete="new-password"
              required
              key={form.key('new_password')}
              {...form.getInputProps('new_password')}
            />
            <Checkbox
              label={t('Also revoke the API tokens I created')}
              description={t('For when someone else may have known the old password')}
              key={form.key('revoke_api_tokens')}
              {...form.getInputProps('revoke_api_tokens', { type: 'checkbox' })}
            />
            <Button type="submit" loading={mutation.isPending} w="fit-content">
              {t('Change password')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
