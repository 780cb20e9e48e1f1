import type { Reporter, Vitest } from 'vitest/node';

// StrykerJS's vitest runner scores a mutant from the tests it collects (@stryker-mutator/vitest-runner
// 9.6: collectTestsFromSuite walks a file's tasks, and a run with no failed test is "Survived").
// A test file that throws while it is imported collects no test at all, so a mutant that breaks a
// module's loading — a static one, e.g. a wasm module that no longer compiles when a test file
// creates its backend at the top — was scored Survived although every test of that file is lost
// (stryker-js issue #6150). This reporter, used only by vitest.mutation.config.ts, gives each such
// file one failed test carrying the load error, which Stryker counts as a kill. A file that loaded
// is left as it is.
export class UnloadableFileReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  /** Before Stryker reads the run's files (it reads vitest's state once the run has ended). */
  onTestRunEnd(): void {
    for (const file of this.vitest?.state.getFiles() ?? []) {
      if (file.result?.state !== 'fail' || file.tasks.length > 0) continue;
      // Only what Stryker reads of a test (type, name, mode, file, suite, result); vitest builds the
      // rest (a context, hooks) only for tests it runs, and the run is over.
      file.tasks.push({
        type: 'test',
        id: `${file.id}_unloadable`,
        name: 'the test file loads',
        mode: 'run',
        file,
        suite: file,
        meta: {},
        result: { state: 'fail', errors: file.result.errors ?? [] },
      } as unknown as (typeof file.tasks)[number]);
    }
  }
}
