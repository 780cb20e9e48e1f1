import { defineConfig } from 'vitest/config';
import { UnloadableFileReporter } from './test/mutation/unloadable-file-reporter';

// The tests StrykerJS runs against each mutant (stryker.config.mjs): by default the unit tests of
// src/shared, in this process's Node — not the CLI, main-process or renderer tests, which start
// child processes or a bundled CLI that a mutant in the sandbox does not reach. MUTATION_TESTS
// (comma-separated globs) narrows them to the tests of the files being mutated, which on two
// cores is the difference between minutes and hours: many mutants sit in module-level tables
// (the loss and activation registries) and so run every test that is given.
export default defineConfig({
  test: {
    include: process.env.MUTATION_TESTS?.split(',') ?? ['test/unit/shared/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup/thrown-value-guard.ts'],
    testTimeout: 60_000,
    // A test file that cannot be imported counts as a failed test (see the reporter).
    reporters: ['default', new UnloadableFileReporter()],
  },
});
