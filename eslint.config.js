import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sharedIsPure = 'shared/ runs in the replica process, the simulator and the window alike: no Node or Electron modules.';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '**/*.tmp.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // shared/ is pure: no clocks, no randomness, no I/O. The simulator depends on it.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'performance', 'process', 'window', 'document', 'require'],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded Rng.' },
        { object: 'Date', property: 'now', message: 'Cores take the time as an argument.' },
      ],
      // With shared/tsconfig.json (no Node or DOM types, which catches the globals), this
      // keeps Node out of shared/: every built-in module, with or without "node:".
      'no-restricted-imports': [
        'error',
        {
          paths: [...builtinModules, 'electron'].map((name) => ({ name, message: sharedIsPure })),
          patterns: [{ group: ['node:*', 'electron/*'], message: sharedIsPure }],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs', 'build/**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
  },
);
