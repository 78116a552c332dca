import js from '@eslint/js';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';
import i18next from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', '.e2e-dist', 'node_modules', 'test-results', 'playwright-report', 'src/api/schema.d.ts'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked],
    languageOptions: {
      ecmaVersion: 2023,
      globals: globals.browser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/only-throw-error': [
        'error',
        // TanStack Router's redirect() and notFound() are thrown by design.
        { allow: [{ from: 'package', package: '@tanstack/router-core', name: 'Redirect' }] },
      ],
    },
  },
  {
    // Each folder under src/ other than these is a domain (contacts, disputes, …).
    // A domain may use shared/, app/, api/, lib/ and its own files, never
    // another domain's: what several domains need lives in shared/.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
      'boundaries/include': ['src/**/*'],
      'boundaries/elements': [
        { type: 'shared', pattern: 'src/shared' },
        { type: 'app', pattern: 'src/app' },
        { type: 'api', pattern: 'src/api' },
        { type: 'lib', pattern: 'src/lib' },
        { type: 'test', pattern: 'src/test' },
        { type: 'domain', pattern: 'src/*', capture: ['name'] },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: { element: { type: 'domain' } },
              disallow: { to: { element: { type: 'domain' } } },
              message: 'A domain folder may import shared/, app/, api/, lib/ and itself, not another domain: move what both need to shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Every word a reader sees goes through t(): a string that starts with a
    // capital letter or holds a space is taken for one, unless it is the
    // argument of a call that is clearly not for reading (t itself, errors
    // for developers, storage keys). The type checker lets through strings a
    // prop's type spells out (variant="light", to="/groups").
    files: ['src/**/*.{ts,tsx}'],
    ignores: [
      'src/**/*.test.{ts,tsx}',
      'src/test/**',
      'src/api/schema.d.ts',
      // Styling only: font stacks and borders.
      'src/app/theme.ts',
    ],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'all',
          'should-validate-template': true,
          words: { exclude: ['[^A-Za-z]*', '(?![A-Z])\\S*', '[A-Z_-]+', 'Shopfloor'] },
          callees: {
            exclude: [
              't',
              'i18next\\.t',
              'Error',
              'console\\..+',
              'addEventListener',
              'removeEventListener',
              'getElementById',
              'querySelector(All)?',
              'matchMedia',
              '(local|session)Storage\\..+',
              'includes',
              'startsWith',
              'endsWith',
              '.*\\.get',
              '(.*\\.)?headers\\.set',
            ],
          },
          'object-properties': { exclude: ['[A-Z_-]+', 'displayName', 'name'] },
        },
      ],
      // The rule above lets through every string in a constant named in capitals
      // (`const LABELS = { open: 'Open' }`): a table of words read once when the
      // module loads would never change language.
      'no-restricted-syntax': [
        'error',
        {
          // react-i18next reads these as empty HTML elements and puts the words after them.
          selector:
            'JSXAttribute[name.name="i18nKey"] > Literal[value=/<(link|area|base|br|col|embed|hr|img|input|meta|source|track|wbr)>/]',
          message: 'Name the tag otherwise (e.g. <anchor>): react-i18next reads an HTML void element as empty.',
        },
        {
          selector:
            'VariableDeclarator[id.name=/^[A-Z][A-Z0-9_]*$/] Property > Literal[value=/^[A-Z][a-z]|[a-z] [a-z]/]',
          message:
            'Words for readers go through i18next.t when they are read: use translatedLabels() from lib/labels or a function.',
        },
      ],
    },
  },
  {
    files: ['e2e/**/*.ts', 'playwright.config.ts', 'vite.config.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['scripts/**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
