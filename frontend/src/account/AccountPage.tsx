import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../app/usePageTitle';
import { useAuth } from '../shared/session';
import { PasswordSection } from './PasswordSection';
import { SessionsSection } from './SessionsSection';
import { TwoFactorSection } from './TwoFactorSection';

/** The signed-in person's own account: password, two-factor login and signed-in devices. */
export function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t('Your account'));
  const auth = useAuth();
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1}>{t('Your account')}</Title>
        <Text c="dimmed" className="break-anywhere">
          {t('Signed in as {name} ({email})', { name: auth.user?.display_name ?? '', email: auth.user?.email ?? '' })}
        </Text>
      </Stack>
      <TwoFactorSection />
      <PasswordSection />
      <SessionsSection />
    </Stack>
  );
}
