// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Modules the pure layers (engine and domain) must never reach. */
const interditsAuxCouchesPures = [
  {
    group: [
      '**/stockage/**',
      '**/api/**',
      '**/web/**',
      '**/cli/**',
      '**/import/**',
      '**/contexte.ts',
    ],
    message:
      'Le moteur et le domaine sont purs : ils n’importent ni stockage, ni HTTP, ni web, ni CLI.',
  },
  {
    group: [
      'kysely',
      'pg',
      '@electric-sql/*',
      'fastify',
      '@fastify/*',
      'react',
      'react-dom',
      'react/*',
    ],
    message: 'Dépendance d’adaptateur interdite dans le moteur et le domaine.',
  },
  {
    group: ['node:fs', 'node:fs/*', 'fs', 'fs/*', 'node:http', 'node:net', 'node:child_process'],
    message: 'Pas d’entrée-sortie dans le moteur et le domaine.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.opco/', 'coverage/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    // Rules are data: the engine is small mechanisms, no procedure longer than a screen.
    files: ['src/moteur/**/*.ts'],
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
    },
  },
  {
    files: ['src/moteur/**/*.ts', 'src/domaine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: interditsAuxCouchesPures }],
      // No clock inside the pure layers: the evaluation date is always an input.
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'Pas d’horloge dans le moteur : la date est une entrée.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Pas d’horloge dans le moteur : la date est une entrée.',
        },
      ],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/stockage/**', '**/api/**', '**/cli/**', '**/import/**', 'node:*'],
              message: 'Le web ne parle au serveur que par l’API HTTP.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['src/partage/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: interditsAuxCouchesPures }],
    },
  },
);
