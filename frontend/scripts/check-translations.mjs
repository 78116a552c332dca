// Fails unless every language that ships (src/lib/languages.json) has every
// message of the English catalogue, each a valid ICU message with the same
// placeholders, and each plural with every form the language's plural rules
// need (Polish needs one, few, many and other; Arabic zero, one, two, few,
// many and other). Languages still being translated are checked the same way
// and their progress printed, without failing, unless named on the command
// line, which checks just those as if they shipped.
//
//   node scripts/check-translations.mjs
//   node scripts/check-translations.mjs pl ar
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TYPE, parse } from '@formatjs/icu-messageformat-parser';

const dir = 'src/locales';
const table = JSON.parse(readFileSync('src/lib/languages.json', 'utf8'));
const SOURCE = table.source;

const read = (language) => JSON.parse(readFileSync(join(dir, `${language}.json`), 'utf8'));

/** Every argument a message uses, as `name:kind`, and its plural-like nodes. */
function walk(elements, found = { args: new Set(), plurals: [] }) {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
        found.args.add(`${element.value}:text`);
        break;
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        found.args.add(`${element.value}:${TYPE[element.type]}`);
        break;
      case TYPE.plural:
        found.args.add(`${element.value}:plural`);
        found.plurals.push(element);
        for (const option of Object.values(element.options)) walk(option.value, found);
        break;
      case TYPE.select:
        found.args.add(`${element.value}:select`);
        for (const option of Object.values(element.options)) walk(option.value, found);
        break;
      case TYPE.tag:
        walk(element.children, found);
        break;
      default:
        break;
    }
  }
  return found;
}

const source = read(SOURCE);
const sourceKeys = Object.keys(source);
let failures = 0;

/** The catalogue's problems, and how many English messages it translates. */
function checkCatalogue({ code: language, intlLocale }) {
  const problems = [];
  let translated = 0;
  const catalogue = read(language);
  const needed = new Set(new Intl.PluralRules(intlLocale, { type: 'cardinal' }).resolvedOptions().pluralCategories);
  const ordinalNeeded = new Set(new Intl.PluralRules(intlLocale, { type: 'ordinal' }).resolvedOptions().pluralCategories);
  for (const key of Object.keys(catalogue)) {
    if (!(key in source)) problems.push(`${language}: "${key}" is not an English message (run make i18n-extract)`);
  }
  for (const key of sourceKeys) {
    const message = catalogue[key];
    if (typeof message !== 'string' || message.trim() === '') {
      problems.push(`${language}: missing "${key}"`);
      continue;
    }
    translated += 1;
    let ast;
    try {
      ast = parse(message, { ignoreTag: true });
    } catch (error) {
      problems.push(`${language}: "${key}" is not a valid ICU message: ${error.message}`);
      continue;
    }
    const expected = walk(parse(key, { ignoreTag: true })).args;
    const found = walk(ast);
    const missing = [...expected].filter((arg) => !found.args.has(arg));
    const extra = [...found.args].filter((arg) => !expected.has(arg));
    if (missing.length > 0 || extra.length > 0) {
      problems.push(
        `${language}: "${key}" placeholders differ (missing: ${missing.join(', ') || 'none'}; unknown: ${extra.join(', ') || 'none'})`,
      );
    }
    for (const plural of found.plurals) {
      const forms = Object.keys(plural.options).filter((form) => !form.startsWith('='));
      const wanted = plural.pluralType === 'ordinal' ? ordinalNeeded : needed;
      const lacking = [...wanted].filter((form) => !forms.includes(form));
      const unknown = forms.filter((form) => !wanted.has(form));
      if (lacking.length > 0) problems.push(`${language}: "${key}" lacks the plural forms ${lacking.join(', ')}`);
      if (unknown.length > 0) problems.push(`${language}: "${key}" has plural forms ${language} does not use: ${unknown.join(', ')}`);
    }
  }
  return { problems, translated };
}

const named = process.argv.slice(2);
const unknown = named.filter((code) => !table.languages.some((language) => language.code === code));
if (unknown.length > 0) {
  console.error(`Not a language of the app: ${unknown.join(', ')}`);
  process.exit(1);
}
const checked = named.length > 0 ? table.languages.filter((language) => named.includes(language.code)) : table.languages;

for (const language of checked) {
  const { problems, translated: done } = checkCatalogue(language);
  const status = `${language.code}: ${done} of ${sourceKeys.length} messages`;
  if (!language.ships && named.length === 0) {
    console.log(`${status} (not shipped yet)`);
    continue;
  }
  if (problems.length === 0) {
    console.log(`${status}, complete`);
    continue;
  }
  failures += problems.length;
  console.error(problems.slice(0, 100).join('\n'));
  if (problems.length > 100) console.error(`… and ${problems.length - 100} more`);
}

if (failures > 0) {
  console.error(`${failures} problems in the catalogues of languages that ship.`);
  process.exit(1);
}
