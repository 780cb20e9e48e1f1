import type { OptimizerName } from '../../schema/names';
import type { KernelExports } from './wasm-module';

// What a kind of helper-thread job is (the kinds are listed in wasm-jobs.ts; wasm-threads.ts runs
// them). A job is one kernel call cut into chunks that any thread may take. Its kind declares:
// - `fields`: the arguments every chunk reads, each an int32, float32 or float64. Their slots in
//   the control block follow from this list (wasm-control-block.ts); nothing is numbered by hand;
// - `chunk`: the one function that computes chunk `index` from those arguments. The calling thread
//   and the helpers run it alike — the helpers get its source text (wasm-helper-program.ts) — so
//   it must be self-contained: it may use its parameters and JavaScript's globals only (no
//   imports, no constants or functions of its module, no nested named functions), which a test
//   checks by running every kind on the helpers. Bundlers and minifiers keep such a function
//   self-contained (checked on an esbuild-minified bundle); a tool that rewrites function bodies
//   would not (StrykerJS's mutation switches: the tests' host defines them in the helpers,
//   test/unit/shared/nn/helper-thread-host.ts);
// - `plan`, `work` and `shape`, run on the calling thread only: how a call becomes arguments and a
//   number of chunks for a number of threads (1: alone), how much work it is (below
//   THREADED_MIN_WORK it never leaves the calling thread), and its shape for the choice between
//   threads and alone (thread-choice.ts; no shape: always threads when they are ready).
// Every chunk of a job must give the same bits whichever thread runs it, and any split the same
// bits as one chunk: each kind's file says why its own does.

/** Chunks per thread a job is cut into, so faster or earlier threads take over the work of slower ones. */
export const CHUNKS_PER_THREAD = 3;

export type FieldType = 'i32' | 'f32' | 'f64';
export type Fields = Readonly<Record<string, FieldType>>;
/** The arguments of a job with these fields: every field a number (booleans as 1 or 0). */
export type ArgsOf<F extends Fields> = { [K in keyof F]: number };

/** What a chunk may use besides its arguments: the thread's own instance, memory and scratch. */
export interface ChunkPlace {
  readonly memory: WebAssembly.Memory;
  /** This thread's gemm workspace (gemmWorkspaceBytes in wasm-module.ts). */
  readonly work: number;
  /** The optimizers' step kernels, in OPTIMIZER_NAMES order (see stepKernels): float32, float64. */
  readonly steps: readonly StepKernel[];
  readonly steps64: readonly StepKernel[];
}

/** An optimizer's kernel (`<name>Step` in assembly/optimizers.ts, `<name>Step64` in optimizers64.ts): parameters [from, to). */
export type StepKernel = (arrays: number, scalars: number, from: number, to: number) => void;

/** A call cut into chunks: the arguments they read and how many there are. */
export interface JobPlan<F extends Fields> {
  args: ArgsOf<F>;
  total: number;
}

export interface JobKind<F extends Fields, Call> {
  readonly name: string;
  readonly fields: F;
  plan(call: Call, threads: number, k: KernelExports): JobPlan<F>;
  work(call: Call): number;
  shape?(call: Call): string;
  readonly chunk: (k: KernelExports, a: ArgsOf<F>, index: number, place: ChunkPlace) => void;
}

/** A job kind, its field and call types inferred from the declaration. */
export function defineJob<const F extends Fields, Call>(kind: JobKind<F, Call>): JobKind<F, Call> {
  return kind;
}

/**
 * The step kernels of an instance in the order of `names` (OPTIMIZER_NAMES), float32 ones or
 * (suffix '64') float64 ones: a step job names its optimizer by its position there.
 * Self-contained: the helpers run it too.
 */
export function stepKernels(k: KernelExports, names: readonly OptimizerName[], suffix: '' | '64'): StepKernel[] {
  return names.map((name) => k[`${name}Step${suffix}`]);
}
