// The languages of the web app, from languages.json (which the catalogue
// check reads too). English is the source language: its messages are the
// keys in the code, so it needs no catalogue at run time. Every other
// language's catalogue is src/locales/<code>.json, loaded when someone
// chooses it. A language ships, and is offered, once its catalogue is
// complete.
import table from './languages.json';

export interface AppLanguage {
  /** The code stored on the account and used for the catalogue's file name. */
  code: string;
  /** The language's name in itself, as shown in the language menu. */
  nativeName: string;
  /** The locale given to Intl for dates, numbers and money. */
  intlLocale: string;
  dir: 'ltr' | 'rtl';
}

interface LanguageEntry extends AppLanguage {
  ships: boolean;
}

export const SOURCE_LANGUAGE: string = table.source;

/** The languages a reader can choose. */
export const LANGUAGES: readonly AppLanguage[] = (table.languages as LanguageEntry[])
  .filter((language) => language.ships)
  .map(({ code, nativeName, intlLocale, dir }) => ({ code, nativeName, intlLocale, dir }));

export const LANGUAGE_CODES: readonly string[] = LANGUAGES.map((language) => language.code);

const sourceLanguage: AppLanguage = LANGUAGES.find((language) => language.code === SOURCE_LANGUAGE) as AppLanguage;

/** The first of the given language codes (most preferred first) that the app
 * ships, matching a region to its language (`pl-PL` finds Polish, `en-US`
 * finds English); English when none is shipped. */
export function preferredLanguage(codes: readonly (string | null | undefined)[]): AppLanguage {
  for (const code of codes) {
    if (code === null || code === undefined || code === '') continue;
    const lower = code.toLowerCase();
    const base = lower.split('-')[0];
    const match =
      LANGUAGES.find((language) => language.code.toLowerCase() === lower) ??
      LANGUAGES.find((language) => language.code.toLowerCase().split('-')[0] === base);
    if (match !== undefined) return match;
  }
  return sourceLanguage;
}
