import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { saveLanguage } from '../api/account';
import { authStore } from '../api/client';
import { preferredLanguage } from '../lib/languages';
import { useAuth } from '../shared/session';
import { switchLanguage } from './i18n';

/**
 * Shows the app in the language stored on the account, so a choice made on
 * one device follows the person to every other. An account that has none
 * yet takes the language this device shows (chosen on the login page, or
 * the browser's).
 */
export function useAccountLanguage() {
  const { i18n } = useTranslation();
  const user = useAuth().user;
  const stored = user?.language ?? null;
  const signedIn = user !== null;
  useEffect(() => {
    if (!signedIn) return;
    if (stored === null) {
      // Not worth an error message: the next sign-in tries again.
      void saveLanguage(i18n.language)
        .then((updated) => authStore.setUser(updated))
        .catch(() => undefined);
      return;
    }
    const language = preferredLanguage([stored]);
    if (language.code !== i18n.language) void switchLanguage(language);
  }, [signedIn, stored, i18n]);
}
