import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.local/', '.serverless/', '.esbuild/', 'coverage/', 'plugins/*/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through src/shared/config/env.ts, in a <service>.config.ts.',
        },
      ],
    },
  },
  {
    // Configuration, dev tooling and tests are where the environment is read or set.
    files: ['src/shared/config/env.ts', 'scripts/**', 'test/**', 'plugins/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Plain JavaScript runs in Node as CommonJS: config files, the plugin's entry, the test fixture's handler.
    files: ['**/*.cjs', '**/*.mjs', 'plugins/**/*.js', 'test/fixtures/**/*.js'],
    languageOptions: {
      globals: {
        module: 'writable',
        exports: 'writable',
        require: 'readonly',
        process: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
