import { useState } from 'react';
import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useLocation } from '@tanstack/react-router';
import i18next from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { useApiForm } from '../shared/useApiForm';
import { readFragmentParam } from '../lib/fragment';
import { AuthLayout } from '../app/AuthLayout';
import { confirmPasswordReset, requestPasswordReset } from '../api/auth';
import { MIN_PASSWORD_LENGTH, validateEmail, validateNewPassword } from '../shared/validation';

export function ResetPasswordPage() {
  const hash = useLocation({ select: (location) => location.hash });
  const token = readFragmentParam(hash, 'token');
  return token === null ? <RequestReset /> : <ConfirmReset token={token} />;
}

function RequestReset() {
  const { t } = useTranslation();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { email: '' },
    validate: { email: validateEmail },
  });
  const mutation = useMutation({
    mutationFn: requestPasswordReset,
    onSuccess: (_data, variables) => setSentTo(variables.email),
    onError: showError,
  });

  if (sentTo !== null) {
    return (
      <AuthLayout title={t('Check your email')}>
        <Stack gap="md">
          <Text role="status">
            <Trans
              i18nKey="If an account uses <email>{email}</email>, we have sent it a link to choose a new password. The link works once and expires soon."
              values={{ email: sentTo }}
              components={{ email: <strong className="break-anywhere" /> }}
            />
          </Text>
          <AnchorLink to="/login">{t('Back to log in')}</AnchorLink>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('Reset your password')}>
      <form
        noValidate
        onSubmit={onSubmit((values) => {
          mutation.mutate({ email: values.email.trim() });
        })}
      >
        <Stack gap="md">
          <Text>{t('Enter the email address of your account and we will send you a reset link.')}</Text>
          <FormAlert message={formError} />
          <TextInput
            label={t('Email')}
            type="email"
            autoComplete="email"
            required
            key={form.key('email')}
            {...form.getInputProps('email')}
          />
          <Button type="submit" loading={mutation.isPending} fullWidth>
            {t('Send reset link')}
          </Button>
          <AnchorLink to="/login" size="sm">
            {t('Back to log in')}
          </AnchorLink>
        </Stack>
      </form>
    </AuthLayout>
  );
}

function ConfirmReset({ token }: { token: string }) {
  const { t } = useTranslation();
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { new_password: '', confirm: '' },
    validate: {
      new_password: validateNewPassword,
      confirm: (value, values) => (value === values.new_password ? null : i18next.t('The passwords differ')),
    },
  });
  const mutation = useMutation({
    mutationFn: confirmPasswordReset,
    onError: showError,
  });

  if (mutation.isSuccess) {
    return (
      <AuthLayout title={t('Password changed')}>
        <Stack gap="md">
          <Alert color="indigo" variant="light" role="status">
            {t('Your password has been changed. Log in with your new password.')}
          </Alert>
          <ButtonLink to="/login">{t('Log in')}</ButtonLink>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('Choose a new password')}>
      <form
        noValidate
        onSubmit={onSubmit((values) => {
          mutation.mutate({ token, new_password: values.new_password });
        })}
      >
        <Stack gap="md">
          <FormAlert message={formError} />
          <PasswordInput
            label={t('New password')}
            description={t('At least {characters, plural, one {# character} other {# characters}}.', {
              characters: MIN_PASSWORD_LENGTH,
            })}
            autoComplete="new-password"
            required
            key={form.key('new_password')}
            {...form.getInputProps('new_password')}
          />
          <PasswordInput
            label={t('Repeat the new password')}
            autoComplete="new-password"
            required
            key={form.key('confirm')}
            {...form.getInputProps('confirm')}
          />
          <Button type="submit" loading={mutation.isPending} fullWidth>
            {t('Change password')}
          </Button>
          <AnchorLink to="/reset-password" hash="" size="sm">
            {t('Ask for a new link')}
          </AnchorLink>
        </Stack>
      </form>
    </AuthLayout>
  );
}
