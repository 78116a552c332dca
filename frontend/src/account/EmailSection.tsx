import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requestEmailChange } from '../api/account';
import { FormAlert } from '../app/FormAlert';
import { useApiForm } from '../shared/useApiForm';
import { useAuth } from '../shared/session';
import { validateEmail, validateRequired } from '../shared/validation';

interface Pending {
  newEmail: string;
  hours: number;
}

/** The address the account logs in with, and asking to change it: it changes only once the
 * link mailed to the new address is opened. */
export function EmailSection() {
  const { t } = useTranslation();
  const auth = useAuth();
  const [pending, setPending] = useState<Pending | null>(null);
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { new_email: '', current_password: '' },
    validate: {
      new_email: validateEmail,
      current_password: validateRequired(t('Enter your current password')),
    },
  });
  const mutation = useMutation({
    mutationFn: requestEmailChange,
    onSuccess: (answer) => {
      form.reset();
      setPending({ newEmail: answer.new_email, hours: answer.link_valid_hours });
    },
    onError: showError,
  });

  return (
    <Stack gap="sm" component="section" aria-labelledby="email-heading">
      <Title order={3} size="h4" id="email-heading">
        {t('Email')}
      </Title>
      <Text size="sm" className="break-anywhere">
        {t('You log in with {email}. Invites and reset links reach you there.', { email: auth.user?.email ?? '' })}
      </Text>
      {pending && (
        // The heading is in the message's own colour: a light alert's title colour fails contrast.
        <Alert color="teal" variant="light" role="status" className="break-anywhere">
          <Text fw={700} size="sm">
            {t('Check the new address')}
          </Text>
          {t(
            'We sent a link to {email}. Open it within {hours, plural, one {# hour} other {# hours}}, logged in here, to finish the change. Until then you log in with your current address.',
            { email: pending.newEmail, hours: pending.hours },
          )}
        </Alert>
      )}
      <form
        noValidate
        aria-label={t('Change your email address')}
        onSubmit={onSubmit((values) => {
          setPending(null);
          mutation.mutate({ new_email: values.new_email.trim(), current_password: values.current_password });
        })}
      >
        <Stack gap="sm" maw={420}>
          <FormAlert message={formError} />
          <TextInput
            label={t('New email address')}
            type="email"
            autoComplete="email"
            required
            key={form.key('new_email')}
            {...form.getInputProps('new_email')}
          />
          <PasswordInput
            label={t('Current password')}
            description={t('So no one else on this device can move your account')}
            autoComplete="current-password"
            required
            key={form.key('current_password')}
            {...form.getInputProps('current_password')}
          />
          <Text size="sm" c="dimmed">
            {t('Once you confirm the change, your other devices are signed out.')}
          </Text>
          <Button type="submit" loading={mutation.isPending} w="fit-content">
            {t('Send confirmation link')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
