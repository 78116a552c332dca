import { Alert, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useLocation, useNavigate } from '@tanstack/react-router';
import { AnchorLink } from '../app/links';
import { AuthLayout } from '../app/AuthLayout';
import { FormAlert } from '../app/FormAlert';
import { confirmSignup } from '../api/auth';
import { errorMessage } from '../api/errors';
import { readFragmentParam } from '../lib/fragment';

/**
 * The page a sign-up link opens. The account is made only when the person presses the
 * button, so a mail scanner that follows links cannot make it for them.
 */
export function ConfirmSignupPage() {
  const hash = useLocation({ select: (location) => location.hash });
  const token = readFragmentParam(hash, 'token');
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: confirmSignup,
    onSuccess: () => void navigate({ to: '/groups' }),
  });

  if (token === null) {
    return (
      <AuthLayout title="Finish signing up">
        <Stack gap="md">
          <Alert color="red" variant="light" role="alert">
            This page needs the link from your sign-up email. Open the link from the mail again, or
            sign up again for a new one.
          </Alert>
          <AnchorLink to="/signup">Sign up</AnchorLink>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Finish signing up">
      <Stack gap="md">
        <Text>Your email address is confirmed. Create the account to start using Shopfloor.</Text>
        <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
        <Button loading={mutation.isPending} onClick={() => mutation.mutate({ token })} fullWidth>
          Create my account
        </Button>
        <Text size="sm">
          Already have an account? <AnchorLink to="/login">Log in</AnchorLink>
        </Text>
      </Stack>
    </AuthLayout>
  );
}
