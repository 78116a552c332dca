import { useState } from 'react';
import { Alert, Button, Divider, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useLocation, useRouter } from '@tanstack/react-router';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { useApiForm } from '../shared/useApiForm';
import { fragmentFor, readFragmentParam } from '../lib/fragment';
import { AuthLayout } from '../app/AuthLayout';
import { instanceQuery, login, loginWithPasskey } from '../api/auth';
import { landingPage } from '../api/groups';
import type { SecondFactorStep } from '../api/types';
import { SecondFactorForm, passkeyErrorMessage } from './SecondFactorForm';
import { safeRedirect } from '../shared/session';
import { validateEmail, validateRequired } from '../shared/validation';

const route = getRouteApi('/login');

function waitMessage(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.retryAfter === null) return null;
  const minutes = Math.ceil(error.retryAfter / 60);
  return i18next.t('Try again in {minutes, plural, one {a minute} other {# minutes}}.', { minutes });
}

export function LoginPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const hash = useLocation({ select: (location) => location.hash });
  const invite = readFragmentParam(hash, 'invite');
  const router = useRouter();
  const queryClient = useQueryClient();
  const instance = useQuery(instanceQuery);
  const [step, setStep] = useState<SecondFactorStep | null>(null);

  const { form, formError, setFormError, onSubmit, applyError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: { email: validateEmail, password: validateRequired(t('Enter your password')) },
  });

  const goOn = async () => {
    const target =
      invite !== null ? `/join#${fragmentFor('token', invite)}` : (safeRedirect(search.redirect) ?? (await landingPage(queryClient)));
    router.history.push(target);
  };

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (outcome) => {
      if (outcome.kind === 'second-factor') setStep(outcome.step);
      else void goOn();
    },
    onError: (error) => {
      const message = applyError(error);
      const wait = waitMessage(error);
      setFormError(message !== null && wait !== null ? `${message} ${wait}` : message);
    },
  });

  const passkey = useMutation({
    mutationFn: loginWithPasskey,
    onSuccess: () => void goOn(),
    onError: (error) => setFormError(passkeyErrorMessage(error)),
  });

  if (step !== null) {
    return (
      <AuthLayout title={t('Two-factor login')}>
        <SecondFactorForm
          step={step}
          onDone={() => void goOn()}
          onRestart={() => {
            setStep(null);
            setFormError(t('That sign-in step expired. Log in again.'));
          }}
        />
      </AuthLayout>
    );
  }

  const inviteHash = invite !== null ? fragmentFor('invite', invite) : undefined;
  const canSignUp =
    instance.data?.signup_open === true || instance.data?.needs_setup === true || invite !== null;

  return (
    <AuthLayout title={t('Log in')}>
      <Stack gap="md">
        {instance.data?.needs_setup === true && invite === null && (
          <Alert color="indigo" variant="light">
            {instance.data.has_demo_account
              ? t('This server has only the demo account so far.')
              : t('No one has an account on this server yet.')}{' '}
            <AnchorLink to="/signup">{t('Create the first account')}</AnchorLink>
          </Alert>
        )}
        {invite !== null && <Text>{t('Log in to accept your invitation.')}</Text>}
        <form
          noValidate
          onSubmit={onSubmit((values) => {
            mutation.mutate({ email: values.email.trim(), password: values.password });
          })}
        >
          <Stack gap="md">
            <FormAlert message={formError} />
            <TextInput
              label={t('Email')}
              type="email"
              autoComplete="email"
              required
              key={form.key('email')}
              {...form.getInputProps('email')}
            />
            <PasswordInput
              label={t('Password')}
              autoComplete="current-password"
              required
              key={form.key('password')}
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={mutation.isPending} fullWidth>
              {t('Log in')}
            </Button>
          </Stack>
        </form>
        <Divider label={t('or')} labelPosition="center" />
        <Button
          variant="default"
          fullWidth
          loading={passkey.isPending}
          onClick={() => {
            setFormError(null);
            passkey.mutate();
          }}
        >
          {t('Sign in with a passkey')}
        </Button>
        <Group justify="space-between" gap="xs">
          <AnchorLink to="/reset-password" size="sm">
            {t('Forgotten your password?')}
          </AnchorLink>
          {canSignUp && (
            <AnchorLink to="/signup" hash={inviteHash} size="sm">
              {t('Create an account')}
            </AnchorLink>
          )}
        </Group>
      </Stack>
    </AuthLayout>
  );
}
