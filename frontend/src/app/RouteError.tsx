import { Alert, Button, Container, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { ApiError, errorMessage } from '../api/errors';
import { AnchorLink, ButtonLink } from './links';
import { usePageTitle } from './usePageTitle';

export function RouteError({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const notFound = error instanceof ApiError && error.status === 404;
  const needsTwoFactor = error instanceof ApiError && error.code === 'two_factor_required';
  const title = notFound
    ? t('Not found')
    : needsTwoFactor
      ? t('Two-factor login required')
      : t('Something went wrong');
  usePageTitle(title);
  if (needsTwoFactor) {
    return (
      <Container size="sm" py="xl">
        <Stack gap="md">
          <Title order={1}>{title}</Title>
          <Alert color="yellow" variant="light">
            {t(
              'This group requires two-factor login to keep its members’ details safe. Set up an authenticator app or a passkey on your account page to see it. If you already have, log out and sign in again with it.',
            )}
          </Alert>
          <ButtonLink to="/account" w="fit-content">
            {t('Set up two-factor login')}
          </ButtonLink>
          <AnchorLink to="/groups">{t('Go to your groups')}</AnchorLink>
        </Stack>
      </Container>
    );
  }
  return (
    <Container size="sm" py="xl">
      <Stack gap="md">
        <Title order={1}>{title}</Title>
        <Alert color="red" role="alert" title={notFound ? undefined : t('Error')}>
          {notFound ? t('It does not exist, or you are not a member of it.') : errorMessage(error)}
        </Alert>
        {notFound && <AnchorLink to="/groups">{t('Go to your groups')}</AnchorLink>}
        {!notFound && (
          <Button
            variant="default"
            w="fit-content"
            onClick={() => {
              reset();
              void router.invalidate();
            }}
          >
            {t('Try again')}
          </Button>
        )}
      </Stack>
    </Container>
  );
}
