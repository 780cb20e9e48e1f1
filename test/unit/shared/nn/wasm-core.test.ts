import { describe, expect, it } from 'vitest';
import { coreOptimizerStep, createWasmCore } from '../../../../src/shared/nn/kernels/wasm-core';
import { tsKernels } from '../../../../src/shared/nn/kernels/ts';

// The core of a wasm backend: the place an optimizer step's arguments go is reserved for the most
// the step passes (8 array pointers, 16 float64 scalars), so a step that passes all of them writes
// into no buffer reserved after it.

describe('wasm core', () => {
  it('keeps an optimizer step’s 16 scalars and 8 arrays in their own place: the next buffer is untouched', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const core = createWasmCore(dtype);
      const array = (length: number, value: number) => (dtype === 'float32' ? core.arena.float32(length) : core.arena.float64(length)).fill(value);
      // Reserved right after the step's place (createWasmCore reserves nothing later).
      const guard = core.arena.float64(64).fill(7);
      const param = array(8, 1);
      const grad = array(8, 0.5);
      const state = Array.from({ length: 6 }, () => array(8, 0));
      coreOptimizerStep(core, 'sgd', param, grad, state, new Array(16).fill(0.25));
      expect(Array.from(guard).every((v) => v === 7)).toBe(true);
      const expected = new Float64Array(8).fill(1);
      tsKernels.optimizerStep('sgd', expected, new Float64Array(8).fill(0.5), [], [0.25]);
      expect(Array.from(param)).toEqual(Array.from(expected));
    }
  });
});
