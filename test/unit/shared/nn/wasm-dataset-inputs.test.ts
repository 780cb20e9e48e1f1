import { describe, expect, it } from 'vitest';
import { gatherColumns } from '../../../../src/shared/nn/kernels/gather-columns';
import { createWasmKernels } from '../../../../src/shared/nn/kernels/wasm';
import { PickedInput } from '../../../../src/shared/nn/kernels/wasm-input';
import { createRng } from '../../../../src/shared/nn/rng';

// inputRows on a wasm backend: the first sparse float32 source gets lists, batches of it are picked
// into one input object per X buffer, and any other source (or the same values read as another
// width) is gathered as it is — never picked from the first source's lists.

function sparse(rows: number, features: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * features }, () => (rng.next() < 0.2 ? rng.normal() : 0));
}

describe('wasm dataset inputs', () => {
  const [features, m] = [48, 6];
  const order = Int32Array.from({ length: 12 }, (_, i) => (5 * i) % 12);

  it('has no lists before a dataset is picked from', () => {
    expect(createWasmKernels().datasetLists).toBeNull();
  });

  it('keeps one input per X buffer, made again for a new array over the same place', () => {
    const kernels = createWasmKernels();
    const source = sparse(12, features, 1);
    const x = kernels.allocate('float32', features * m);
    const first = kernels.inputRows(source, features, order, 0, m, x);
    expect(first).toBeInstanceOf(PickedInput);
    expect(kernels.inputRows(source, features, order, m, m, x)).toBe(first);
    const again = new Float32Array(x.buffer, x.byteOffset, x.length);
    const other = kernels.inputRows(source, features, order, 0, m, again);
    expect(other).not.toBe(first);
    expect(other.dense).toBe(again);
  });

  it('gathers another source, or the same one read as another width, instead of picking from the first one’s lists', () => {
    const kernels = createWasmKernels();
    const first = sparse(12, features, 2);
    const x = kernels.allocate('float32', features * m);
    kernels.inputRows(first, features, order, 0, m, x);
    expect(kernels.datasetLists?.features).toBe(features);
    const second = sparse(12, features, 3);
    const want = new Float32Array(features * m);
    gatherColumns(second, features, order, 0, m, want);
    expect(Array.from(kernels.inputRows(second, features, order, 0, m, x).dense)).toEqual(Array.from(want));
    // The first source as 32 features of 18 rows: its values, gathered.
    const narrower = new Float32Array(32 * m);
    const wantNarrow = new Float32Array(32 * m);
    gatherColumns(first, 32, order, 0, m, wantNarrow);
    expect(Array.from(kernels.inputRows(first, 32, order, 0, m, narrower).dense)).toEqual(Array.from(wantNarrow));
    const narrowInMemory = kernels.allocate('float32', 32 * m);
    expect(Array.from(kernels.inputRows(first, 32, order, 0, m, narrowInMemory).dense)).toEqual(Array.from(wantNarrow));
  });

  it('gathers into an X buffer of another length than features × m, writing nothing past its end', () => {
    // 48 features × 6 samples = 288 floats; a buffer 16 floats short ends on a 64-byte boundary,
    // so the array reserved after it starts where the missing floats would be.
    const kernels = createWasmKernels();
    const source = sparse(12, features, 4);
    const want = new Float32Array(features * m);
    gatherColumns(source, features, order, 0, m, want);
    for (const length of [features * m - 16, features * m + 16]) {
      const x = kernels.allocate('float32', length);
      const guard = kernels.allocate('float32', 64).fill(-7);
      const input = kernels.inputRows(source, features, order, 0, m, x);
      expect(input, `length ${length}`).not.toBeInstanceOf(PickedInput);
      expect(input.dense).toBe(x);
      expect(Array.from(input.dense.subarray(0, Math.min(length, want.length)))).toEqual(Array.from(want.subarray(0, length)));
      expect(guard.every((v) => v === -7), `length ${length}`).toBe(true);
    }
  });
});
