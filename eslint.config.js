// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { repositoryLayersRule } from './eslint-rules/layers.js';

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
    // Which folder may import which, in every direction: the table in docs/architecture.md.
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.ts', 'sandbox/**/*.ts'],
    plugins: { tray: { rules: { layers: repositoryLayersRule() } } },
    rules: { 'tray/layers': 'error' },
  },
  {
    // Functions stay short enough to read at once (issue 10); blank lines and comments are free.
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
);
