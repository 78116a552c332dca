import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useLocation, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { confirmEmailChange } from '../api/account';
import { authStore } from '../api/client';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { useAuth } from '../shared/session';
import { readFragmentParam } from '../lib/fragment';

/**
 * The page the link mailed to a new address opens. The address changes only when the
 * signed-in person presses the button, so a mail scanner that follows links cannot change it.
 */
export function ConfirmEmailChangePage() {
  const { t } = useTranslation();
  usePageTitle(t('Confirm your new email address'));
  const auth = useAuth();
  const hash = useLocation({ select: (location) => location.hash });
  const token = readFragmentParam(hash, 'token');
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: confirmEmailChange,
    onSuccess: async (user) => {
      authStore.setUser(user);
      notify({ color: 'teal', message: t('You now log in with {email}.', { email: user.email }) });
      await navigate({ to: '/account' });
    },
  });

  return (
    <Stack gap="lg" maw={560}>
      <Title order={1}>{t('Confirm your new email address')}</Title>
      {token === null ? (
        <Alert color="red" variant="light" role="alert">
          {t('This page needs the whole link from the confirmation email. Open the link from the mail again, or ask for the change again on your account page.')}
        </Alert>
      ) : (
        <Paper withBorder p="md">
          <Stack gap="md">
            <Text className="break-anywhere">
              {t('From now on, {name} will log in with the address this link was sent to, instead of {email}.', {
                name: auth.user?.display_name ?? '',
                email: auth.user?.email ?? '',
              })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('Your other devices will be signed out; this one stays signed in.')}
            </Text>
            <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
            <Button loading={mutation.isPending} onClick={() => mutation.mutate(token)} w="fit-content">
              {t('Confirm the new address')}
            </Button>
          </Stack>
        </Paper>
      )}
      <AnchorLink to="/account">{t('Back to your account')}</AnchorLink>
    </Stack>
  );
}
