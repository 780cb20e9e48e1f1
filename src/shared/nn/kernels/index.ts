import type { TrainingSpec } from '../../schema/experiment';
import { tsKernels } from './ts';
import type { Kernels } from './types';

// Picks the kernel backend a run asked for. Only the TypeScript backend exists yet; "auto" will
// prefer WebAssembly SIMD once that backend sits beside ts.ts.

export type BackendName = TrainingSpec['backend'];

export function getKernels(name: BackendName = 'auto'): Kernels {
  switch (name) {
    case 'auto':
    case 'ts':
      return tsKernels;
    case 'wasm':
      throw new Error('The "wasm" kernel backend is not available in this version; use "ts" or "auto".');
  }
}
