import { describe, expect, it } from 'vitest';
import { defineJob, stepKernels, type StepKernel } from '../../../../src/shared/nn/kernels/wasm-job-kind';
import type { KernelExports } from '../../../../src/shared/nn/kernels/wasm-module';

// A job kind's declaration is kept as written, and a step job finds an optimizer's kernel by its
// position in the names: float32 kernels without a suffix, float64 ones with '64'.

describe('wasm job kinds', () => {
  it('defineJob keeps the declaration itself', () => {
    const kind = { name: 'noop', fields: { n: 'i32' }, plan: () => ({ args: { n: 0 }, total: 0 }), work: () => 0, chunk: () => {} } as const;
    expect(defineJob(kind)).toBe(kind);
  });

  it('stepKernels lists each named optimizer’s kernel of the dtype, in the order of the names', () => {
    const kernel = (): StepKernel => () => {};
    const k = { sgdStep: kernel(), adamStep: kernel(), sgdStep64: kernel(), adamStep64: kernel() } as unknown as KernelExports;
    expect(stepKernels(k, ['adam', 'sgd'], '')).toEqual([k.adamStep, k.sgdStep]);
    expect(stepKernels(k, ['sgd', 'adam'], '64')).toEqual([k.sgdStep64, k.adamStep64]);
    expect(stepKernels(k, [], '64')).toEqual([]);
  });
});
