import { describe, expect, it, vi } from 'vitest';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { tsKernels } from '../../../../src/shared/nn/kernels/ts';

// Which backend getKernels gives, where WebAssembly runs and where it does not: "auto" falls back
// to the ts kernels, a forced "wasm" never silently becomes another backend but says why it cannot run.

const host = vi.hoisted(() => ({ reason: null as string | null }));
vi.mock('../../../../src/shared/nn/kernels/wasm-module', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../../src/shared/nn/kernels/wasm-module')>()),
  wasmUnavailableReason: () => host.reason,
}));

describe('getKernels', () => {
  it('by default: auto, float64 — the float64 wasm backend where wasm runs', () => {
    host.reason = null;
    const kernels = getKernels();
    expect(kernels.name).toBe('wasm');
    expect(kernels.allocate('float64', 2)).toBeInstanceOf(Float64Array);
    expect(() => kernels.allocate('float32', 2)).toThrow(Error);
  });

  it('a forced wasm gives the wasm backend of the dtype asked for where wasm runs', () => {
    host.reason = null;
    const single = getKernels('wasm', 'float32');
    expect([single.name, single.allocate('float32', 1)]).toEqual(['wasm', new Float32Array(1)]);
    expect(getKernels('wasm', 'float64').allocate('float64', 1)).toEqual(new Float64Array(1));
  });

  it('auto gives the ts kernels where wasm cannot run, and a forced wasm refuses, saying why', () => {
    host.reason = 'this host has no WebAssembly SIMD';
    expect(getKernels()).toBe(tsKernels);
    expect(getKernels('auto', 'float32')).toBe(tsKernels);
    expect(() => getKernels('wasm', 'float32')).toThrow(Error);
    expect(() => getKernels('wasm', 'float64')).toThrow('The "wasm" kernel backend cannot run here (this host has no WebAssembly SIMD); use "auto" or "ts".');
  });
});
