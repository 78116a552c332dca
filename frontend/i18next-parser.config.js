// `make i18n-extract` reads every t() call in src/ and writes the catalogues:
// an English key is its own message; a new key reaches every other language
// empty, and `make i18n-check` fails until it is translated. Plurals are ICU
// `{n, plural, …}` inside one message; the option `count` is kept for
// i18next's own suffixed plurals, which the app does not use, so messages
// name their numbers otherwise.
export default {
  locales: ['en-GB', 'pl', 'ro', 'pt', 'es', 'ar'],
  input: ['src/**/*.{ts,tsx}', '!src/**/*.test.{ts,tsx}', '!src/test/**', '!src/api/schema.d.ts'],
  output: 'src/locales/$LOCALE.json',
  defaultNamespace: 'translation',
  keySeparator: false,
  namespaceSeparator: false,
  contextSeparator: '_',
  createOldCatalogs: false,
  keepRemoved: false,
  sort: true,
  indentation: 2,
  lineEnding: 'lf',
  defaultValue: (locale, _namespace, key) => (locale === 'en-GB' ? key : ''),
  lexers: {
    ts: ['JavascriptLexer'],
    tsx: [{ lexer: 'JsxLexer', transSupportBasicHtmlNodes: false }],
    default: ['JavascriptLexer'],
  },
  functions: ['t', 'i18next.t'],
  verbose: false,
};
