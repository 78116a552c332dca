import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../app/usePageTitle';
import { useAuth } from '../shared/session';
import { PasswordSection } from './PasswordSection';
import { ProfileSection } from './ProfileSection';
import { SessionsSection } from './SessionsSection';
import { TwoFactorSection } from './TwoFactorSection';
import { SpokenLanguagesSection } from './SpokenLanguagesSection';
import { LanguagePicker } from '../app/LanguagePicker';
import { notify } from '../app/notify';
import { saveLanguage } from '../api/account';
import { authStore } from '../api/client';
import { errorMessage } from '../api/errors';

/** The signed-in person's own account: name, language, password, two-factor login and signed-in devices. */
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
      <ProfileSection />
      <Stack gap="xs" component="section" aria-labelledby="language-heading">
        <Title order={2} size="h3" id="language-heading">
          {t('Language')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('The app follows this choice on every device you sign in on.')}
        </Text>
        <LanguagePicker
          label={t('Show the app in')}
          onChosen={(language) => {
            void saveLanguage(language.code)
              .then((user) => authStore.setUser(user))
              .catch((error: unknown) => notify({ color: 'red', title: t('Language not saved'), message: errorMessage(error) }));
          }}
        />
      </Stack>
      <SpokenLanguagesSection />
      <TwoFactorSection />
      <PasswordSection />
      <SessionsSection />
    </Stack>
  );
}
