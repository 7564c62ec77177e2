import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', 'test-results', 'playwright-report', 'reports'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  { files: ['**/*.{js,mjs}'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: { ...globals.node } } },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      // type-aware rules: a promise nobody awaits or catches is an error that nobody sees
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // the UI talks to workers through src/bridge and shares only their contracts (types in
    // workers/shared/contracts.ts), never their code: a value import would pull tfjs and the worker's module
    // into the main bundle, and a second home for a contract drifts
    files: ['src/app/**/*.{ts,tsx}', 'src/state/**/*.ts', 'src/bridge/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)workers/(?!shared/contracts$)',
              message:
                'import worker types from workers/shared/contracts (talk to workers through src/bridge).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/app/**/*.ts', 'src/state/**/*.ts', 'src/bridge/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // src/lib is the pure core: it runs on the main thread, in workers and in Node. It may use tfjs,
    // but never React, the DOM, comlink or anything from the UI side of the app.
    files: ['src/lib/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
              message: 'src/lib must not import React.',
            },
            { group: ['comlink'], message: 'src/lib must not import comlink: keep worker glue in workers/.' },
            { group: ['plotly.js*'], message: 'src/lib must not import plotting code.' },
            {
              group: ['**/app/**', '**/bridge/**', '**/state/**', '**/workers/**'],
              message: 'src/lib must not depend on UI or worker code.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'sessionStorage', 'navigator'],
    },
  },
);
