import { OPTIMIZER_NAMES, type DType, type OptimizerName } from '../../schema/names';
import type { FloatArray } from './types';
import { WasmArena } from './wasm-arena';
import { GEMM_JOB } from './wasm-job-gemm';
import { stepKernels, type StepKernel } from './wasm-job-kind';
import { OPTIMIZER_STEP_JOB, stepWork } from './wasm-job-optimizer-step';
import { createKernelMemory, gemmWorkspaceBytes, instantiateKernels, kernelModule, type KernelExports } from './wasm-module';
import { WasmStaging } from './wasm-staging';
import { KernelThreads } from './wasm-threads';

// What a wasm backend of either dtype is built on: its own memory with an instance of the kernel
// module, the arena over it, the calling thread's gemm workspace, its helper threads, the staging
// of outside arrays and the place of an optimizer step's arguments — and the two kernels both run
// the same way, on the helper threads when large: gemm and the optimizer steps.

/** First memory size: the gemm workspace and a small network fit without growing. */
const INITIAL_PAGES = 32;
/** Arrays (param, grad and state) and float64 scalars an optimizer's kernel may take. */
const STEP_ARRAYS = 8;
const STEP_SCALARS = 16;

export interface WasmCore {
  readonly k: KernelExports;
  readonly arena: WasmArena;
  /** Scratch for gemm's packed panels. */
  readonly work: number;
  readonly threads: KernelThreads;
  readonly staging: WasmStaging;
  readonly dtype: DType;
  /** Where an optimizer step's arguments go: its arrays' pointers and its scalars. */
  readonly step: { arrays: number; scalars: number; arrayViews: Int32Array; scalarViews: Float64Array };
  /** Each optimizer's kernel of this dtype, by name. */
  readonly steps: Record<OptimizerName, StepKernel>;
}

export function createWasmCore(dtype: DType): WasmCore {
  const memory = createKernelMemory(INITIAL_PAGES);
  const k = instantiateKernels(memory);
  const arena = new WasmArena(memory, k.heapBase());
  const work = arena.reserve(gemmWorkspaceBytes(k));
  const arrays = arena.reserve(STEP_ARRAYS * 4);
  const scalars = arena.reserve(STEP_SCALARS * 8);
  const kernels = stepKernels(k, OPTIMIZER_NAMES, dtype === 'float64' ? '64' : '');
  return {
    k,
    arena,
    work,
    threads: new KernelThreads(k, kernelModule(), memory, arena, work),
    staging: new WasmStaging(arena, dtype),
    dtype,
    step: { arrays, scalars, arrayViews: arena.int32View(arrays, STEP_ARRAYS), scalarViews: arena.float64View(scalars, STEP_SCALARS) },
    steps: Object.fromEntries(OPTIMIZER_NAMES.map((name, i) => [name, kernels[i]])) as Record<OptimizerName, StepKernel>,
  };
}

/** Kernels.gemm on a core: shared with the helper threads when large enough, else in one call. */
export function coreGemm(
  core: WasmCore,
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  b: FloatArray,
  beta: number,
  c: FloatArray,
): void {
  const { staging, threads } = core;
  const pa = staging.read(a);
  const pb = staging.read(b);
  const pc = staging.write(c);
  const double = core.dtype === 'float64';
  // Checked first: most calls of a small network stop here, so they pay for no job object.
  if (threads.mayShare(m * n * k)) threads.run(GEMM_JOB, { double, transA, transB, m, n, k, alpha, a: pa, b: pb, beta, c: pc });
  else if (double) core.k.gemm64(transA, transB, m, n, k, alpha, pa, pb, beta, pc, 0, m, 0, n, core.work);
  else core.k.gemm(transA, transB, m, n, k, alpha, pa, pb, beta, pc, 0, m, 0, n, core.work);
  staging.done();
}

/** Kernels.optimizerStep on a core: shared with the helper threads when large enough, else in one call. */
export function coreOptimizerStep(
  core: WasmCore,
  name: OptimizerName,
  param: FloatArray,
  grad: FloatArray,
  state: readonly FloatArray[],
  scalars: readonly number[],
): void {
  if (2 + state.length > STEP_ARRAYS || scalars.length > STEP_SCALARS) {
    throw new Error(`The optimizer "${name}" takes more state arrays or scalars than the wasm backend passes (${STEP_ARRAYS - 2} and ${STEP_SCALARS}).`);
  }
  const { staging, threads, step } = core;
  const arrays = step.arrayViews;
  arrays[0] = staging.write(param);
  arrays[1] = staging.read(grad);
  for (let i = 0; i < state.length; i++) arrays[2 + i] = staging.write(state[i]);
  step.scalarViews.set(scalars);
  const n = param.length;
  // Checked first, as for gemm: the steps of a small network pay for no job object.
  if (threads.mayShare(stepWork(n))) threads.run(OPTIMIZER_STEP_JOB, { double: core.dtype === 'float64', optimizer: name, arrays: step.arrays, scalars: step.scalars, n });
  else core.steps[name](step.arrays, step.scalars, 0, n);
  staging.done();
}
