import i18next from 'i18next';
import ICU from 'i18next-icu';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
import { LANGUAGE_CODES, SOURCE_LANGUAGE, preferredLanguage, type AppLanguage } from '../lib/languages';

// Messages are ICU MessageFormat (real plural rules for every language,
// `{name}` placeholders) and their English text is the key, so a developer
// writes a string once, in the code, and `make i18n-extract` copies it into
// every catalogue. Each language's catalogue is its own chunk, fetched only
// when someone reads the app in that language.
const catalogues = import.meta.glob<{ default: Record<string, string> }>([
  '../locales/*.json',
  '!../locales/en-GB.json',
]);

async function loadCatalogue(language: string): Promise<Record<string, string>> {
  // English needs none: a key is its own English message.
  if (language === SOURCE_LANGUAGE) return {};
  const load = catalogues[`../locales/${language}.json`];
  if (load === undefined) return {};
  return (await load()).default;
}

const STORAGE_KEY = 'shopfloor.language';

/** The language chosen on this device before, else the browser's preference. */
export function deviceLanguage(): AppLanguage {
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be switched off; the browser's preference still applies.
  }
  return preferredLanguage([stored, ...navigator.languages]);
}

function showLanguage(language: AppLanguage) {
  document.documentElement.lang = language.code;
  document.documentElement.dir = language.dir;
}

/**
 * Starts i18next in a language; resolves when its catalogue has loaded.
 * One instance for the whole app, so that code outside components (form
 * checks, notifications) can call `i18next.t` when it runs.
 */
export function startI18n(language: AppLanguage): Promise<unknown> {
  showLanguage(language);
  return i18next
    .use(ICU)
    .use(resourcesToBackend((lng: string) => loadCatalogue(lng)))
    .use(initReactI18next)
    .init({
      lng: language.code,
      fallbackLng: SOURCE_LANGUAGE,
      supportedLngs: LANGUAGE_CODES,
      // Keys are English sentences, which contain dots and colons.
      keySeparator: false,
      nsSeparator: false,
      // An untranslated message falls back to its English key rather than
      // showing nothing; `make i18n-check` keeps that from shipping.
      returnEmptyString: false,
      interpolation: { escapeValue: false },
      react: { useSuspense: false },
    });
}

/** The language the app is shown in now. */
export function currentLanguage(): AppLanguage {
  return preferredLanguage([i18next.language]);
}

/** Switches the app's language on this device and remembers the choice. */
export async function switchLanguage(language: AppLanguage): Promise<void> {
  await i18next.changeLanguage(language.code);
  showLanguage(language);
  try {
    window.localStorage.setItem(STORAGE_KEY, language.code);
  } catch {
    // Not remembered on this device; the account still holds it.
  }
}
