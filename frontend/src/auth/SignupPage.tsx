import { useEffect } from 'react';
import { Alert, Button, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { notify } from '../app/notify';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from '@tanstack/react-router';
import { Trans, useTranslation } from 'react-i18next';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { invitePreviewQuery } from '../api/invites';
import { inviteProblem } from '../shared/inviteMessages';
import { useApiForm } from '../shared/useApiForm';
import { fragmentFor, readFragmentParam } from '../lib/fragment';
import { AuthLayout } from '../app/AuthLayout';
import { instanceQuery, signup } from '../api/auth';
import {
  MIN_PASSWORD_LENGTH,
  validateEmail,
  validateNewPassword,
  validateRequired,
} from '../shared/validation';

export function SignupPage() {
  const { t } = useTranslation();
  const hash = useLocation({ select: (location) => location.hash });
  const invite = readFragmentParam(hash, 'invite');
  const navigate = useNavigate();
  const instance = useQuery(instanceQuery);
  const preview = useQuery({ ...invitePreviewQuery(invite ?? ''), enabled: invite !== null });

  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { display_name: '', email: '', password: '' },
    validate: {
      display_name: validateRequired(t('Enter your name')),
      email: validateEmail,
      password: validateNewPassword,
    },
  });

  // An invite addressed to someone can only be accepted with that address: fill it in.
  const invitedEmail = preview.data?.email ?? null;
  useEffect(() => {
    if (invitedEmail !== null) form.setFieldValue('email', invitedEmail);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the form object is stable
  }, [invitedEmail]);

  const mutation = useMutation({
    mutationFn: signup,
    onSuccess: (outcome) => {
      if (outcome.kind === 'confirmationSent') return;
      if (preview.data) {
        notify({ message: t('Welcome! You have joined {group}.', { group: preview.data.group_name }) });
      }
      void navigate({ to: '/groups' });
    },
    onError: showError,
  });

  const needsSetup = instance.data?.needs_setup === true;
  const usableInvite = invite !== null && preview.isSuccess;
  const open = needsSetup || instance.data?.signup_open === true || usableInvite;
  const title = usableInvite
    ? t('Join {group}', { group: preview.data.group_name })
    : needsSetup && invite === null
      ? t('Create the first account')
      : t('Create an account');
  const loginHash = invite !== null ? fragmentFor('invite', invite) : undefined;

  if (mutation.data?.kind === 'confirmationSent') {
    return (
      <AuthLayout title={t('Check your email')}>
        <Stack gap="md">
          <Text role="status">
            {usableInvite ? (
              <Trans
                i18nKey="We have sent a link to <email>{email}</email>. Open it within {hours, plural, one {# hour} other {# hours}} to finish creating your account and join the group."
                values={{ email: mutation.data.email, hours: mutation.data.linkValidHours }}
                components={{ email: <strong className="break-anywhere" /> }}
              />
            ) : (
              <Trans
                i18nKey="We have sent a link to <email>{email}</email>. Open it within {hours, plural, one {# hour} other {# hours}} to finish creating your account."
                values={{ email: mutation.data.email, hours: mutation.data.linkValidHours }}
                components={{ email: <strong className="break-anywhere" /> }}
              />
            )}
          </Text>
          <Text size="sm" c="dimmed">
            {t('If this address already has an account, the mail says so instead: log in with it.')}
          </Text>
          <AnchorLink to="/login" hash={loginHash}>
            {t('Back to log in')}
          </AnchorLink>
        </Stack>
      </AuthLayout>
    );
  }

  if (instance.isPending || (invite !== null && preview.isPending)) {
    return (
      <AuthLayout title={title}>
        <Stack align="center" py="xl" role="status">
          <Loader aria-hidden="true" />
          <Text size="sm">{t('Loading…')}</Text>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={title}>
      <Stack gap="md">
        {needsSetup && invite === null && (
          <Text>
            {t(
              'No one has an account on this server yet. The account you create now will be the instance admin: it can run this server and invite the first groups.',
            )}
          </Text>
        )}
        {usableInvite && (
          <Alert color="indigo" variant="light" title={t('You have been invited')}>
            <Trans
              i18nKey="Create your account to join <group>{group}</group> as {role, select, owner {an owner} organiser {an organiser} member {a member} other {an observer}}."
              values={{ group: preview.data.group_name, role: preview.data.role }}
              components={{ group: <strong /> }}
            />
          </Alert>
        )}
        {invite !== null && preview.isError && (
          <Alert color="red" variant="light" role="alert">
            {inviteProblem(preview.error)}
          </Alert>
        )}
        {instance.isError && <FormAlert message={t('Could not reach the server. Reload to try again.')} />}
        {!open && instance.isSuccess && (
          <Text>
            {t('Accounts on this server are by invitation. Ask an organiser in your group for an invite link.')}
          </Text>
        )}
        {open && (
          <form
            noValidate
            onSubmit={onSubmit((values) => {
              mutation.mutate({
                display_name: values.display_name.trim(),
                email: values.email.trim(),
                password: values.password,
                ...(usableInvite ? { invite_token: invite } : {}),
              });
            })}
          >
            <Stack gap="md">
              <FormAlert message={formError} />
              <TextInput
                label={t('Your name')}
                description={t('Shown to the other members of your groups.')}
                autoComplete="name"
                required
                key={form.key('display_name')}
                {...form.getInputProps('display_name')}
              />
              <TextInput
                label={t('Email')}
                type="email"
                autoComplete="email"
                required
                readOnly={invitedEmail !== null}
                description={invitedEmail !== null ? t('The invite is for this address.') : undefined}
                key={form.key('email')}
                {...form.getInputProps('email')}
              />
              <PasswordInput
                label={t('Password')}
                description={t(
                  'At least {characters, plural, one {# character} other {# characters}}. A few unrelated words make a strong one.',
                  { characters: MIN_PASSWORD_LENGTH },
                )}
                autoComplete="new-password"
                required
                key={form.key('password')}
                {...form.getInputProps('password')}
              />
              <Button type="submit" loading={mutation.isPending} fullWidth>
                {usableInvite ? t('Create account and join') : t('Create account')}
              </Button>
            </Stack>
          </form>
        )}
        <Text size="sm">
          <Trans
            i18nKey="Already have an account? <anchor>Log in</anchor>"
            components={{ anchor: <AnchorLink to="/login" hash={loginHash} /> }}
          />
        </Text>
      </Stack>
    </AuthLayout>
  );
}
