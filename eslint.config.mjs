// ESLint flat config (ESLint 9). Syntax-only typescript-eslint rules (no type information),
// so a full run stays fast; formatting is Prettier's job (eslint-config-prettier comes last).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Node.js globals for plain .js/.cjs/.mjs files (scripts, tool configs). TypeScript files get
// theirs from @types/node; `no-undef` is off for them (typescript-eslint's eslint-recommended).
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'AbortController',
    'structuredClone',
    'globalThis',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'queueMicrotask',
    'fetch',
  ].map((name) => [name, 'readonly']),
);
const commonJsGlobals = Object.fromEntries(
  ['require', 'module', 'exports', '__dirname', '__filename'].map((name) => [name, 'readonly']),
);

export default defineConfig(
  globalIgnores(['**/dist/', '**/node_modules/', '**/coverage/', '**/.data/', 'test/fixtures/']),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    name: 'stoflow/all',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // unused variables are errors, unless deliberately prefixed with `_`
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  {
    name: 'stoflow/no-console-in-production-code',
    files: ['apps/**/*.{ts,js}', 'libs/**/*.{ts,js}'],
    // use the injected (pino) logger instead
    rules: { 'no-console': 'error' },
  },

  {
    name: 'stoflow/scripts-bench-test',
    files: ['scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },

  {
    name: 'stoflow/commonjs',
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, ...commonJsGlobals } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  {
    name: 'stoflow/esm-js',
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
  },

  // must stay last: turns off every rule that would fight with Prettier
  prettier,
);
