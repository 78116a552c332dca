import { Container, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from './links';
import { usePageTitle } from './usePageTitle';

export function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t('Page not found'));
  return (
    <Container size="sm" py="xl">
      <Stack gap="sm">
        <Title order={1}>{t('Page not found')}</Title>
        <Text>{t('There is nothing at this address. It may have moved, or the link may be mistyped.')}</Text>
        <AnchorLink to="/">{t('Go to the start page')}</AnchorLink>
      </Stack>
    </Container>
  );
}
