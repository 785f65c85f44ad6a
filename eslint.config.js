// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.test-results/', 'release/', '.scratch*/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // TypeScript checks names itself; ESLint's no-undef does not know DOM/Node types.
    files: ['**/*.ts'],
    rules: { 'no-undef': 'off' },
  },
  {
    // Functions stay short enough to read at once (issue 10); blank lines and comments are free.
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The core runs in the tray, the terminal and the tests alike: it must never pull in Electron.
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'main/core is runtime-agnostic: inject what you need from the shell.',
            },
          ],
          patterns: [
            { group: ['electron/*'], message: 'main/core is runtime-agnostic.' },
            { group: ['**/electron/**', '**/headless/**'], message: 'main/core must not depend on a shell.' },
          ],
        },
      ],
    },
  },
);
