import { OPTIMIZER_NAMES, type OptimizerName } from '../../schema/names';
import { CHUNKS_PER_THREAD, defineJob } from './wasm-job-kind';

// An optimizer's step (its `<name>Step` kernel, assembly/optimizers.ts, or `<name>Step64`,
// optimizers64.ts) cut into ranges of parameters, whole vectors of four each so only the last
// range has a scalar tail. Each
// parameter's update reads its own entries only, so any split gives the bits of one call.

/** An optimizer step over `n` parameters; `arrays` and `scalars` point at its kernel's arguments. */
export interface OptimizerStepCall {
  /** float64 arrays (`<name>Step64`) rather than float32. */
  double: boolean;
  optimizer: OptimizerName;
  arrays: number;
  scalars: number;
  n: number;
}

/**
 * The work of a step over n parameters, in THREADED_MIN_WORK's units: an update reads and writes
 * about four floats per parameter, so a step over 65,536 parameters or more (~40 µs) may be shared.
 */
export const stepWork = (n: number): number => n * 16;

export const OPTIMIZER_STEP_JOB = defineJob({
  name: 'optimizer step',
  // kernel: the optimizer's position in OPTIMIZER_NAMES (see stepKernels).
  fields: { double: 'i32', kernel: 'i32', arrays: 'i32', scalars: 'i32', n: 'i32', chunk: 'i32' },
  plan({ double, optimizer, arrays, scalars, n }: OptimizerStepCall, threads) {
    const chunk = threads === 1 ? Math.max(1, n) : Math.ceil(n / (threads * CHUNKS_PER_THREAD) / 4) * 4;
    return { args: { double: double ? 1 : 0, kernel: OPTIMIZER_NAMES.indexOf(optimizer), arrays, scalars, n, chunk }, total: Math.ceil(n / chunk) };
  },
  work: ({ n }) => stepWork(n),
  shape: ({ double, optimizer, n }) => `O${double ? 'D' : 'S'}${optimizer}×${n}`,
  chunk: (_k, a, index, place) => {
    const from = index * a.chunk;
    (a.double !== 0 ? place.steps64 : place.steps)[a.kernel](a.arrays, a.scalars, from, Math.min(a.n, from + a.chunk));
  },
});
