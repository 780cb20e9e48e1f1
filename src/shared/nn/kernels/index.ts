import type { TrainingSpec } from '../../schema/experiment';
import type { DType } from '../../schema/names';
import { tsKernels } from './ts';
import type { Kernels } from './types';
import { WasmKernels } from './wasm';
import { WasmKernels64 } from './wasm-float64';
import { wasmUnavailableReason } from './wasm-module';

// Picks the kernel backend a run asked for.
//   "ts"    the plain TypeScript kernels, any dtype.
//   "wasm"  the WebAssembly SIMD kernels of the run's dtype (wasm.ts for float32, wasm-float64.ts
//           for float64). Asking for them where they cannot run (no SIMD, no shared memory) is an
//           error that says so: a forced backend never silently becomes another.
//   "auto"  wasm when it runs here, else ts.
// Each wasm backend owns its memory, so every call returns a new one (one per network).

export type BackendName = TrainingSpec['backend'];

function createWasm(dtype: DType): Kernels {
  return dtype === 'float32' ? new WasmKernels() : new WasmKernels64();
}

export function getKernels(name: BackendName = 'auto', dtype: DType = 'float64'): Kernels {
  switch (name) {
    case 'ts':
      return tsKernels;
    case 'auto':
      return wasmUnavailableReason() === null ? createWasm(dtype) : tsKernels;
    case 'wasm': {
      const reason = wasmUnavailableReason();
      if (reason !== null) throw new Error(`The "wasm" kernel backend cannot run here (${reason}); use "auto" or "ts".`);
      return createWasm(dtype);
    }
  }
}
