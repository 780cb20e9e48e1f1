import { afterEach, describe, expect, it, vi } from 'vitest';

// Whether the WebAssembly kernels can run in this runtime: probed once per process, and where they
// cannot, the reason is kept — "auto" then falls back to the TypeScript kernels and a forced "wasm"
// says why it cannot run. Each test imports the modules afresh, so its probe is the first.

async function freshModules() {
  vi.resetModules();
  const module = await import('../../../../src/shared/nn/kernels/wasm-module');
  const kernels = await import('../../../../src/shared/nn/kernels');
  return { ...module, ...kernels };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('wasm availability', () => {
  it('says a runtime without WebAssembly has none: "auto" takes the ts kernels, a forced "wasm" refuses with the reason', async () => {
    const { wasmUnavailableReason, getKernels } = await freshModules();
    vi.stubGlobal('WebAssembly', undefined);
    expect(wasmUnavailableReason()).toBe('this runtime has no WebAssembly');
    expect(getKernels('auto', 'float32').name).toBe('ts');
    expect(() => getKernels('wasm', 'float64')).toThrow('The "wasm" kernel backend cannot run here (this runtime has no WebAssembly); use "auto" or "ts".');
  });

  it('keeps what a runtime that will not make the shared memory threw as its reason, an error or not', async () => {
    for (const [thrown, reason] of [
      [new RangeError('shared memory is disabled here'), 'shared memory is disabled here'],
      ['no SharedArrayBuffer', 'no SharedArrayBuffer'],
    ] as const) {
      const { wasmUnavailableReason } = await freshModules();
      const refusing = Object.create(WebAssembly) as typeof WebAssembly;
      refusing.Memory = function Memory() {
        throw thrown;
      } as unknown as typeof WebAssembly.Memory;
      vi.stubGlobal('WebAssembly', refusing);
      expect(wasmUnavailableReason()).toBe(reason);
      vi.unstubAllGlobals();
    }
  });

  it('probes once: where it ran, it keeps running for the whole process', async () => {
    const { wasmUnavailableReason, getKernels } = await freshModules();
    expect(wasmUnavailableReason()).toBeNull();
    vi.stubGlobal('WebAssembly', undefined);
    expect(wasmUnavailableReason()).toBeNull();
    vi.unstubAllGlobals();
    expect(getKernels('wasm', 'float32').name).toBe('wasm');
  });
});
