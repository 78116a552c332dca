import { Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useAuth } from '../shared/session';
import { PasswordSection } from './PasswordSection';
import { SessionsSection } from './SessionsSection';
import { TwoFactorSection } from './TwoFactorSection';

/** The signed-in person's own account: password, two-factor login and signed-in devices. */
export function AccountPage() {
  useDocumentTitle('Your account · Shopfloor');
  const auth = useAuth();
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1}>Your account</Title>
        <Text c="dimmed" className="break-anywhere">
          Signed in as {auth.user?.display_name} ({auth.user?.email})
        </Text>
      </Stack>
      <TwoFactorSection />
      <PasswordSection />
      <SessionsSection />
    </Stack>
  );
}
