import type { TrainingSpec } from '../../schema/experiment';
import type { DType } from '../../schema/names';
import { tsKernels } from './ts';
import type { Kernels } from './types';
import { createWasmKernels } from './wasm';
import { WASM_FLOAT32_ONLY } from './wasm-staging';
import { wasmUnavailableReason } from './wasm-module';

// Picks the kernel backend a run asked for.
//   "ts"    the plain TypeScript kernels, any dtype.
//   "wasm"  the WebAssembly SIMD kernels; float32 only. Asking for them with float64, or where
//           they cannot run (no SIMD, no shared memory), is an error that says so: a forced
//           backend never silently becomes another.
//   "auto"  wasm for float32 when it runs here, else ts (always ts for float64).
// Each wasm backend owns its memory, so every call returns a new one (one per network).

export type BackendName = TrainingSpec['backend'];

export function getKernels(name: BackendName = 'auto', dtype: DType = 'float64'): Kernels {
  switch (name) {
    case 'ts':
      return tsKernels;
    case 'auto':
      return dtype === 'float32' && wasmUnavailableReason() === null ? createWasmKernels() : tsKernels;
    case 'wasm': {
      if (dtype !== 'float32') throw new Error(WASM_FLOAT32_ONLY);
      const reason = wasmUnavailableReason();
      if (reason !== null) throw new Error(`The "wasm" kernel backend cannot run here (${reason}); use "auto" or "ts".`);
      return createWasmKernels();
    }
  }
}
