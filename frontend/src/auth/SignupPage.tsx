import { useState } from 'react';
import { Alert, Button, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notify } from '../app/notify';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from '@tanstack/react-router';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { invitePreviewQuery } from '../api/invites';
import { inviteProblem } from '../shared/inviteMessages';
import { applyApiError } from '../lib/form-errors';
import { fragmentFor, readFragmentParam } from '../lib/fragment';
import { roleWithArticle } from '../shared/roles';
import { AuthLayout } from '../app/AuthLayout';
import { instanceQuery, signup } from '../api/auth';
import {
  MIN_PASSWORD_LENGTH,
  validateEmail,
  validateNewPassword,
  validateRequired,
} from '../shared/validation';

export function SignupPage() {
  const hash = useLocation({ select: (location) => location.hash });
  const invite = readFragmentParam(hash, 'invite');
  const navigate = useNavigate();
  const instance = useQuery(instanceQuery);
  const preview = useQuery({ ...invitePreviewQuery(invite ?? ''), enabled: invite !== null });
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { display_name: '', email: '', password: '' },
    validate: {
      display_name: validateRequired('Enter your name'),
      email: validateEmail,
      password: validateNewPassword,
    },
  });

  const mutation = useMutation({
    mutationFn: signup,
    onSuccess: (outcome) => {
      if (outcome.kind === 'confirmationSent') return;
      if (preview.data) {
        notify({ message: `Welcome! You have joined ${preview.data.group_name}.` });
      }
      void navigate({ to: '/groups' });
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });

  const needsSetup = instance.data?.needs_setup === true;
  const usableInvite = invite !== null && preview.isSuccess;
  const open = needsSetup || instance.data?.signup_open === true || usableInvite;
  const title = needsSetup ? 'Create the first account' : 'Create an account';
  const loginHash = invite !== null ? fragmentFor('invite', invite) : undefined;

  if (mutation.data?.kind === 'confirmationSent') {
    return (
      <AuthLayout title="Check your email">
        <Stack gap="md">
          <Text role="status">
            We have sent a link to <strong className="break-anywhere">{mutation.data.email}</strong>.
            Open it within {mutation.data.linkValidHours} hours to finish creating your account
            {usableInvite ? ' and join the group' : ''}.
          </Text>
          <Text size="sm" c="dimmed">
            If this address already has an account, the mail says so instead: log in with it.
          </Text>
          <AnchorLink to="/login" hash={loginHash}>
            Back to log in
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
          <Text size="sm">Loading…</Text>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={title}>
      <Stack gap="md">
        {needsSetup && (
          <Text>
            No one has an account on this server yet. The account you create now will be the
            instance admin: it can run this server and invite the first groups.
          </Text>
        )}
        {usableInvite && (
          <Alert color="indigo" variant="light" title="You have been invited">
            Create your account to join <strong>{preview.data.group_name}</strong> as{' '}
            {roleWithArticle(preview.data.role)}.
          </Alert>
        )}
        {invite !== null && preview.isError && (
          <Alert color="red" variant="light" role="alert">
            {inviteProblem(preview.error)}
          </Alert>
        )}
        {instance.isError && <FormAlert message="Could not reach the server. Reload to try again." />}
        {!open && instance.isSuccess && (
          <Text>
            Accounts on this server are by invitation. Ask an organiser in your group for an invite
            link.
          </Text>
        )}
        {open && (
          <form
            noValidate
            onSubmit={form.onSubmit((values) => {
              setFormError(null);
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
                label="Your name"
                description="Shown to the other members of your groups."
                autoComplete="name"
                required
                key={form.key('display_name')}
                {...form.getInputProps('display_name')}
              />
              <TextInput
                label="Email"
                type="email"
                autoComplete="email"
                required
                key={form.key('email')}
                {...form.getInputProps('email')}
              />
              <PasswordInput
                label="Password"
                description={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`}
                autoComplete="new-password"
                required
                key={form.key('password')}
                {...form.getInputProps('password')}
              />
              <Button type="submit" loading={mutation.isPending} fullWidth>
                {usableInvite ? 'Create account and join' : 'Create account'}
              </Button>
            </Stack>
          </form>
        )}
        <Text size="sm">
          Already have an account?{' '}
          <AnchorLink to="/login" hash={loginHash}>
            Log in
          </AnchorLink>
        </Text>
      </Stack>
    </AuthLayout>
  );
}
