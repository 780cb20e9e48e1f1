import type { DType } from '../../schema/names';
import type { FloatArray } from './types';
import { WasmArena } from './wasm-arena';
import { GEMM_JOB } from './wasm-job-gemm';
import { createKernelMemory, gemmWorkspaceBytes, instantiateKernels, kernelModule, type KernelExports } from './wasm-module';
import { WasmStaging } from './wasm-staging';
import { KernelThreads } from './wasm-threads';

// What a wasm backend of either dtype is built on: its own memory with an instance of the kernel
// module, the arena over it, the calling thread's gemm workspace, its helper threads and the
// staging of outside arrays — and gemm, which both run the same way (gemm.ts or gemm64.ts).

/** First memory size: the gemm workspace and a small network fit without growing. */
const INITIAL_PAGES = 32;

export interface WasmCore {
  readonly k: KernelExports;
  readonly arena: WasmArena;
  /** Scratch for gemm's packed panels. */
  readonly work: number;
  readonly threads: KernelThreads;
  readonly staging: WasmStaging;
  readonly dtype: DType;
}

export function createWasmCore(dtype: DType): WasmCore {
  const memory = createKernelMemory(INITIAL_PAGES);
  const k = instantiateKernels(memory);
  const arena = new WasmArena(memory, k.heapBase());
  const work = arena.reserve(gemmWorkspaceBytes(k));
  return { k, arena, work, threads: new KernelThreads(k, kernelModule(), memory, arena, work), staging: new WasmStaging(arena, dtype), dtype };
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
