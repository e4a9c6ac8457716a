// ESLint flat config (npm run lint). The plugins come from tools/eslint-config, which carries the TypeScript 6 that
// typescript-eslint needs beside the project's TypeScript 7 (see tools/eslint-config/index.js).
import { globals, js, reactHooks, tseslint } from '@fabtwin/eslint-config';

export default tseslint.config(
  {
    // Build outputs, installed packages and data: nothing here is written by hand.
    ignores: ['build/', 'dist/', 'coverage/', 'test-results/', '.gl/', '**/node_modules/', 'data/', 'public/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  // React lives in src/app alone; the hooks rules (the React Compiler's analysis behind most of them is the costliest
  // part of a lint run) skip the rest.
  { ...reactHooks.configs.flat.recommended, files: ['src/app/**/*.{ts,tsx}'] },
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // tsc's own convention (noUnusedLocals, noUnusedParameters): a leading underscore marks a name kept on purpose,
      // such as a parameter a callback's signature requires or a property left out of a rest object.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests edit parsed model files into deliberately invalid shapes (a string where a number belongs, a field
    // deleted), which only `any` expresses without a cast per edit; the code under test gets no `any`.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
