// Mutation testing (npm run mutation; not part of npm test): StrykerJS changes the source one small
// way at a time and runs the unit tests; a change no test notices ("survived") is behaviour no test
// pins down. Slow on two cores, so pick the files:
//   MUTATION_TESTS='test/unit/shared/nn/loss*.test.ts' npm run mutation -- --mutate 'src/shared/nn/losses.ts'
// Incremental: results are kept in reports/stryker-incremental.json, and a later run only tests
// mutants of changed code or whose tests changed — except a surviving static mutant (module-level
// code such as a zod schema, run against every test), which is taken over even when tests were
// added: pass --force after adding tests for those. The HTML report is reports/mutation/mutation.html.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  // The pure core: the modules whose behaviour the unit tests under test/unit/shared pin down.
  mutate: ['src/shared/nn/**/*.ts', 'src/shared/data/**/*.ts', 'src/shared/engine/**/*.ts', 'src/shared/schema/**/*.ts', '!src/shared/nn/kernels/wasm/**'],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  // Two cores shared with others: one test process at a time.
  concurrency: 1,
  timeoutMS: 60_000,
  // .stryker-tmp: the sandboxes of runs side by side (each with its own --tempDirName under it).
  ignorePatterns: ['out', 'docs', 'bench', 'reports', 'test/e2e', '/.stryker-tmp', '/.stryker-tmp-*'],
  tempDirName: '.stryker-tmp',
  // Only the mutated files need "// @ts-nocheck" (the AssemblyScript under assembly/ does not parse as TypeScript).
  disableTypeChecks: 'src/**/*.ts',
  // Stryker rewrites tsconfig.json's references through the TypeScript JS API, which TypeScript 7
  // (native) no longer has; vitest does not need the rewrite, so point it at no file.
  tsconfigFile: 'tsconfig.stryker-skip.json',
  cleanTempDir: 'always',
};
