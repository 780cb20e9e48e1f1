import type { KernelExports } from './wasm/kernel-exports';
import { KERNELS_WASM_BASE64 } from './wasm/kernels-binary';

export type { KernelExports };

// The compiled kernel module (built from assembly/*.ts by scripts/build-wasm.mjs) and
// whether it can run here. It is compiled synchronously with `new WebAssembly.Module`, which
// every host allows off a browser's main thread — and training never runs on that thread; where
// the compile or the shared memory is refused, the reason is kept so "auto" falls back to the
// TypeScript kernels and a forced "wasm" says why it cannot run.

/** Largest memory the module declares (scripts/build-wasm.mjs): 32768 pages of 64 KiB = 2 GiB. */
export const MAXIMUM_PAGES = 32768;
export const PAGE_BYTES = 65536;

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

/** Bytes of a gemm workspace (a thread's packed panels), enough for gemm and gemm64 alike. */
export function gemmWorkspaceBytes(k: KernelExports): number {
  return Math.max(k.gemmWorkspaceBytes(), k.gemm64WorkspaceBytes());
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
