import { Alert, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useLocation, useNavigate } from '@tanstack/react-router';
import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const hash = useLocation({ select: (location) => location.hash });
  const token = readFragmentParam(hash, 'token');
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: confirmSignup,
    onSuccess: () => void navigate({ to: '/groups' }),
  });

  if (token === null) {
    return (
      <AuthLayout title={t('Finish signing up')}>
        <Stack gap="md">
          <Alert color="red" variant="light" role="alert">
            {t(
              'This page needs the link from your sign-up email. Open the link from the mail again, or sign up again for a new one.',
            )}
          </Alert>
          <AnchorLink to="/signup">{t('Sign up')}</AnchorLink>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('Finish signing up')}>
      <Stack gap="md">
        <Text>{t('Your email address is confirmed. Create the account to start using Shopfloor.')}</Text>
        <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
        <Button loading={mutation.isPending} onClick={() => mutation.mutate({ token })} fullWidth>
          {t('Create my account')}
        </Button>
        <Text size="sm">
          <Trans
            i18nKey="Already have an account? <anchor>Log in</anchor>"
            components={{ anchor: <AnchorLink to="/login" /> }}
          />
        </Text>
      </Stack>
    </AuthLayout>
  );
}
