// Writes the list of languages people speak, shared by the API and the web app:
//   api/core/spoken_languages.json        codes, English and native names, and the names in
//                                         the app's languages (for reading spreadsheets)
//   frontend/src/lib/spokenLanguages.json codes, English and native names
// Source: ISO 639-3 as kept by Debian's iso-codes package (apt-get install iso-codes), with
// names from Node's full ICU (CLDR). Run from frontend/: node scripts/generate-spoken-languages.mjs
// The result is committed; rerun it when iso-codes or EXTRA_CODES change.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ISO_639_3 = '/usr/share/iso-codes/json/iso_639-3.json';

// Languages without a two-letter code that many workers in Britain speak (see docs/i18n.md,
// "Languages of people", for why each is here).
const EXTRA_CODES = [
  'bfi', // British Sign Language
  'isg', // Irish Sign Language
  'sco', // Scots
  'syl', // Sylheti
  'ctg', // Chittagonian
  'pnb', // Western Panjabi (Shahmukhi script)
  'phr', // Pahari-Potwari (Mirpuri)
  'skr', // Saraiki
  'prs', // Dari
  'ckb', // Central Kurdish (Sorani)
  'kmr', // Northern Kurdish (Kurmanji)
  'rom', // Romani
  'yue', // Cantonese
  'hak', // Hakka
  'nan', // Min Nan (Hokkien, Teochew)
  'fil', // Filipino
  'tet', // Tetum
  'kri', // Krio
  'pcm', // Nigerian Pidgin
  'gaa', // Ga
  'kab', // Kabyle
  'zgh', // Standard Moroccan Tamazight
];

// The languages the app is written in: names in these are recognised in imported files.
const APP_LOCALES = ['en-GB', 'pl', 'ro', 'pt', 'es', 'ar'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const iso = JSON.parse(readFileSync(ISO_639_3, 'utf-8'))['639-3'];

function cldrName(locale, code) {
  const names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' });
  const resolved = names.resolvedOptions().locale.split('-')[0];
  if (resolved !== locale.split('-')[0]) return null; // ICU has no data in that language
  const name = names.of(code);
  return name && name !== code ? name : null;
}

const chosen = iso.filter((entry) => entry.alpha_2 || EXTRA_CODES.includes(entry.alpha_3));
const missing = EXTRA_CODES.filter((code) => !iso.some((entry) => entry.alpha_3 === code));
if (missing.length) throw new Error(`Not in ISO 639-3: ${missing.join(', ')}`);

const languages = chosen
  .map((entry) => {
    const code = entry.alpha_2 ?? entry.alpha_3;
    const name = cldrName('en-GB', code) ?? entry.name;
    const native = cldrName(code, code);
    const names = new Set([entry.name, name, native].filter(Boolean));
    for (const locale of APP_LOCALES) {
      const localised = cldrName(locale, code);
      if (localised) names.add(localised);
    }
    return { code, name, native: native && native !== name ? native : null, names: [...names] };
  })
  .sort((a, b) => a.code.localeCompare(b.code));

const header = {
  source: `ISO 639-3 (iso-codes), names from CLDR; written by frontend/scripts/generate-spoken-languages.mjs`,
};
writeFileSync(
  join(root, 'api/core/spoken_languages.json'),
  JSON.stringify({ ...header, languages }, null, 1) + '\n',
);
writeFileSync(
  join(root, 'frontend/src/lib/spokenLanguages.json'),
  JSON.stringify(
    { ...header, languages: languages.map(({ code, name, native }) => ({ code, name, native })) },
    null,
    1,
  ) + '\n',
);
console.log(`${languages.length} languages`);
