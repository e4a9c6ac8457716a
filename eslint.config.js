// ESLint flat config (npm run lint). The plugins come from tools/eslint-config, which carries the TypeScript 6 that
// typescript-eslint needs beside the project's TypeScript 7 (see tools/eslint-config/index.js).
import { globals, js, reactHooks, tseslint } from '@fabtwin/eslint-config';

export default tseslint.config(
  {
    // Build outputs, installed packages, data and generated files: nothing here is written by hand.
    ignores: ['build/', 'dist/', 'coverage/', 'test-results/', '.gl/', '**/node_modules/', 'data/', 'public/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
  },
);
