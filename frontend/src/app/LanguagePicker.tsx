import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, preferredLanguage, type AppLanguage } from '../lib/languages';
import { switchLanguage } from './i18n';

/**
 * The language menu: each language named in itself, so a reader finds their
 * own whatever the page is shown in.
 */
export function LanguagePicker({
  onChosen,
  size = 'sm',
  label,
}: {
  /** Called after the app has switched, e.g. to store the choice on the account. */
  onChosen?: (language: AppLanguage) => void;
  size?: 'xs' | 'sm';
  label?: string;
}) {
  const { t, i18n } = useTranslation();
  const current = preferredLanguage([i18n.language]);
  if (LANGUAGES.length < 2) return null;
  return (
    <NativeSelect
      label={label ?? t('Language')}
      size={size}
      value={current.code}
      data={LANGUAGES.map((language) => ({ value: language.code, label: language.nativeName }))}
      onChange={(event) => {
        const chosen = preferredLanguage([event.currentTarget.value]);
        void switchLanguage(chosen).then(() => onChosen?.(chosen));
      }}
    />
  );
}
