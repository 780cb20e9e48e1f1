// Lint that keeps the house in order (DESIGN.md, "Layers"): imports only point down, no import
// cycles, React's rules of hooks. Type checking is tsc's job (npm run typecheck), so files are
// parsed by Babel's TypeScript syntax, which needs no `typescript` package (this project's is the
// native TypeScript 7, which typescript-eslint does not support yet).
import babelParser from '@babel/eslint-parser';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';

const NODE = { group: ['node:*'], message: 'src/shared is pure TypeScript: it runs in Node, Electron, browsers and workers alike; Node APIs belong to src/cli or src/main.' };
const ELECTRON = { group: ['electron', 'electron/*'], message: 'src/shared never imports Electron; src/main and src/preload do.' };
const UI = { group: ['react', 'react-dom', 'react-dom/*', 'dexie', 'dexie-react-hooks', 'recharts'], message: 'The UI and its database live in src/renderer.' };
const SHARED = [NODE, ELECTRON, UI];
const restrict = (...patterns) => ['error', { patterns }];

export default [
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'assembly/**', 'src/shared/nn/kernels/wasm/**', 'src/shared/export/generated/**', 'bench/results/**', '.stryker-tmp/**', 'reports/**'] },
  {
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    languageOptions: {
      parser: babelParser,
      parserOptions: { requireConfigFile: false, babelOptions: { babelrc: false, configFile: false, presets: ['@babel/preset-typescript'] } },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'] })],
      'import-x/parsers': { '@babel/eslint-parser': ['.ts', '.tsx', '.mts', '.js', '.mjs'] },
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': restrict(...SHARED),
      'no-restricted-globals': ['error', ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB'].map((name) => ({ name, message: 'src/shared has no DOM: it also runs in Node.' }))],
    },
  },
  {
    files: ['src/shared/nn/**'],
    rules: { 'no-restricted-imports': restrict(...SHARED, { group: ['**/data/*'], message: 'The numeric core does not parse or prepare data: src/shared/nn never imports src/shared/data.' }) },
  },
  {
    files: ['src/shared/schema/**'],
    rules: { 'no-restricted-imports': restrict(...SHARED, { group: ['../*/*'], message: 'src/shared/schema depends on nothing of ours.' }) },
  },
  {
    files: ['src/renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'no-restricted-imports': restrict({ group: ['**/main/*'], message: 'The renderer reaches the main process only through the preload bridge (window.workbench).' }),
      'react-hooks/rules-of-hooks': 'error',
      // A warning: several views key a memo on an id on purpose rather than on the object it names.
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
];
