import { KERNELS_WASM_BASE64 } from './wasm/kernels-binary';

// The compiled float32 kernel module (built from assembly/*.ts by scripts/build-wasm.mjs) and
// whether it can run here. It is compiled synchronously with `new WebAssembly.Module`, which
// every host allows off a browser's main thread — and training never runs on that thread; where
// the compile or the shared memory is refused, the reason is kept so "auto" falls back to the
// TypeScript kernels and a forced "wasm" says why it cannot run.

/** Largest memory the module declares (scripts/build-wasm.mjs): 32768 pages of 64 KiB = 2 GiB. */
export const MAXIMUM_PAGES = 32768;
export const PAGE_BYTES = 65536;

/** The module's exports; every array is a byte offset into the shared memory (see assembly/index.ts). */
export interface KernelExports {
  heapBase(): number;
  gemmWorkspaceBytes(): number;
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    b: number,
    beta: number,
    c: number,
    i0: number,
    i1: number,
    j0: number,
    j1: number,
    work: number,
  ): void;
  countNonzeros(x: number, n: number): number;
  compressRows(x: number, rows: number, cols: number, starts: number, index: number, value: number, first: number, limit: number): number;
  compressRowsNarrow(x: number, rows: number, cols: number, starts: number, index: number, value: number, first: number, limit: number): number;
  compressRowsLevels(x: number, rows: number, cols: number, starts: number, index: number, codes: number, first: number, limit: number): number;
  /** 1 when every value is 0 or float32(k / 255) for a whole k ≤ 255, else 0. */
  eightBitLevels(x: number, n: number): number;
  transposeLists(
    begins: number,
    ends: number,
    index: number,
    value: number,
    palette: number,
    rows: number,
    cols: number,
    starts: number,
    cursor: number,
    outIndex: number,
    outValue: number,
  ): void;
  expandListsTransposed(begins: number, ends: number, index: number, value: number, palette: number, rows: number, cols: number, out: number): void;
  transpose(x: number, rows: number, cols: number, out: number): void;
  sparsePanelUnits(): number;
  panelsLength(units: number, len: number): number;
  packPanels(s: number, units: number, len: number, dst: number): void;
  sparseProduct(
    begins: number,
    ends: number,
    index: number,
    value: number,
    narrow: boolean,
    palette: number,
    r0: number,
    r1: number,
    s: number,
    units: number,
    len: number,
    u0: number,
    u1: number,
    panels: number,
    packed: boolean,
    out: number,
    ldOut: number,
  ): void;
  addBias(z: number, bias: number, rows: number, cols: number): void;
  sumColumns(matrix: number, rows: number, cols: number, out: number): void;
  multiply(x: number, y: number, out: number, n: number): void;
  axpy(alpha: number, x: number, y: number, n: number): void;
  scale(alpha: number, x: number, n: number): void;
  sumSquares(x: number, n: number): number;
  sumSquaredDifferences(x: number, y: number, n: number): number;
  summarize(x: number, n: number, below: number, above: number, out: number): void;
  sigmoidForward(z: number, a: number, n: number): void;
  sigmoidBackward(a: number, dA: number, dZ: number, n: number): void;
  tanhForward(z: number, a: number, n: number): void;
  tanhBackward(a: number, dA: number, dZ: number, n: number): void;
  leakyReluForward(z: number, a: number, n: number, slope: number): void;
  leakyReluBackward(z: number, dA: number, dZ: number, n: number, slope: number): void;
  softmaxForward(z: number, a: number, rows: number, cols: number): void;
  softmaxBackward(a: number, dA: number, dZ: number, rows: number, cols: number): void;
  sgdStep(param: number, grad: number, n: number, lr: number): void;
  momentumStep(param: number, grad: number, velocity: number, n: number, lr: number, momentum: number, nesterov: boolean): void;
  rmspropStep(param: number, grad: number, meanSquare: number, n: number, lr: number, rho: number, epsilon: number): void;
  adamStep(
    param: number,
    grad: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    correction1: number,
    correction2: number,
  ): void;
}

let compiled: WebAssembly.Module | undefined;
let unavailable: string | null | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A shared memory the module can import: shared so growth never detaches views and workers can use it. */
export function createKernelMemory(initialPages: number): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: initialPages, maximum: MAXIMUM_PAGES, shared: true });
}

/** Instantiates the kernels on `memory` (synchronously; the module is compiled on first use). */
export function instantiateKernels(memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(kernelModule(), { env: { memory } });
  return instance.exports as unknown as KernelExports;
}

/** The compiled module, for worker threads that instantiate it on the same memory. */
export function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(decodeBase64(KERNELS_WASM_BASE64));
  return compiled;
}

/**
 * Why the WebAssembly kernels cannot run in this runtime (no WebAssembly, no SIMD, no shared
 * memory, synchronous compilation refused), or null when they can. Probed once.
 */
export function wasmUnavailableReason(): string | null {
  if (unavailable !== undefined) return unavailable;
  try {
    if (typeof WebAssembly !== 'object') throw new Error('this runtime has no WebAssembly');
    instantiateKernels(createKernelMemory(1));
    unavailable = null;
  } catch (error) {
    unavailable = error instanceof Error ? error.message : String(error);
  }
  return unavailable;
}
