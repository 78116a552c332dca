import { useEffect, useState, type ReactNode } from 'react';
import { DirectionProvider, useDirection } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import localizedFormat from 'dayjs/plugin/localizedFormat';
// British English is the default, so its dates are ready before any other loads.
import 'dayjs/locale/en-gb';
import { useTranslation } from 'react-i18next';
import { preferredLanguage } from '../lib/languages';

// Date pickers read typed dates in the language's own order (dd/mm/yyyy in
// British English) and name months and weekdays in it.
dayjs.extend(customParseFormat);
dayjs.extend(localizedFormat);

const DAYJS_LOCALES: Record<string, () => Promise<unknown>> = {
  'en-GB': () => Promise.resolve(),
  pl: () => import('dayjs/locale/pl'),
  ro: () => import('dayjs/locale/ro'),
  pt: () => import('dayjs/locale/pt'),
  es: () => import('dayjs/locale/es'),
  ar: () => import('dayjs/locale/ar'),
};

function FollowDirection({ dir }: { dir: 'ltr' | 'rtl' }) {
  const { setDirection } = useDirection();
  useEffect(() => setDirection(dir), [dir, setDirection]);
  return null;
}

/**
 * Keeps Mantine's text direction and date pickers in step with the language
 * i18next shows the app in.
 */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const language = preferredLanguage([i18n.language]);
  const [loadedLocale, setLoadedLocale] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const load = DAYJS_LOCALES[language.code];
    if (load === undefined) return;
    void load().then(() => {
      // dayjs names its locales in lower case (en-gb).
      if (current) setLoadedLocale(language.code.toLowerCase());
    });
    return () => {
      current = false;
    };
  }, [language.code]);

  return (
    <DirectionProvider initialDirection={language.dir} detectDirection={false}>
      <FollowDirection dir={language.dir} />
      <DatesProvider settings={{ locale: loadedLocale ?? 'en-gb', firstDayOfWeek: 1, weekendDays: [0, 6] }}>
        {children}
      </DatesProvider>
    </DirectionProvider>
  );
}
