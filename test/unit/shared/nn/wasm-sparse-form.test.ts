import { describe, expect, it } from 'vitest';
import { createWasmCore } from '../../../../src/shared/nn/kernels/wasm-core';
import type { KernelExports } from '../../../../src/shared/nn/kernels/wasm-module';
import { SparseForm, SparseScratch } from '../../../../src/shared/nn/kernels/wasm-sparse';
import { createRng } from '../../../../src/shared/nn/rng';

// SparseForm's lists by feature, which the weight gradient reads: compressed from X at the first
// gradient when X is in the memory; sorted from the lists by sample when it is not (a picked
// batch) — in the forward product's job when the gradient follows (a training step), else by the
// gradient —; made once per X. The lists by sample that compress makes have uint16 indices. The
// calling thread's kernel calls are counted through the exports the form is given (the product job
// runs on the core's own exports, so its sort is not counted).
// Every result is held to the bits of float32 sums in list order.

const [features, m, units] = [40, 6, 9];

function setup() {
  const core = createWasmCore('float32');
  const { arena } = core;
  const calls = { compressRowsNarrow: 0, compressRows: 0, transposeLists: 0 };
  const k: KernelExports = {
    ...core.k,
    compressRowsNarrow: (...args: Parameters<KernelExports['compressRowsNarrow']>) => (calls.compressRowsNarrow++, core.k.compressRowsNarrow(...args)),
    compressRows: (...args: Parameters<KernelExports['compressRows']>) => (calls.compressRows++, core.k.compressRows(...args)),
    transposeLists: (...args: Parameters<KernelExports['transposeLists']>) => (calls.transposeLists++, core.k.transposeLists(...args)),
  };
  const form = new SparseForm(k, arena, core.threads, new SparseScratch(arena), false);
  const rng = createRng(31);
  const X = arena.float32(features * m);
  for (let i = 0; i < X.length; i++) X[i] = rng.next() < 0.3 ? rng.normal() : 0;
  X.fill(0, 2 * m, 3 * m); // a feature no sample has
  const W = arena.float32(units * features);
  const dZ = arena.float32(units * m);
  for (const a of [W, dZ]) for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  const Z = arena.float32(units * m);
  const dW = arena.float32(units * features);
  const pointer = (a: Float32Array) => arena.pointerOf(a);
  /** Xᵀ's narrow lists (one per sample), as a dataset's picked batch has them: no X behind them. */
  const pickedLists = () => {
    const transposed = arena.float32(m * features);
    for (let f = 0; f < features; f++) for (let j = 0; j < m; j++) transposed[j * features + f] = X[f * m + j];
    const [starts, index, value] = [arena.reserve((m + 1) * 4), arena.reserve((features * m + 4) * 2), arena.reserve((features * m + 4) * 4)];
    const count = core.k.compressRowsNarrow(pointer(transposed), m, features, starts, index, value, 0, features * m + 4);
    return { where: { begins: starts, ends: starts + 4, index, value, narrow: true, palette: 0 }, count };
  };
  const product = (gradientFollows?: boolean) => {
    Z.fill(Number.NaN);
    if (gradientFollows === undefined) form.product(pointer(W), units, pointer(Z));
    else form.product(pointer(W), units, pointer(Z), gradientFollows);
    return Float32Array.from(Z);
  };
  const gradient = () => {
    dW.fill(Number.NaN);
    form.gradient(pointer(dZ), units, pointer(dW));
    return Float32Array.from(dW);
  };
  return { arena, calls, form, X, W, dZ, pointer, pickedLists, product, gradient };
}

/** out[u, r] = Σ over r's nonzeros in increasing order of x · S[u, ·], in float32: the kernel's sums. */
function listSums(S: Float32Array, X: Float32Array, transposeX: boolean): Float32Array {
  const [rows, len] = transposeX ? [m, features] : [features, m];
  const xAt = (r: number, q: number) => (transposeX ? X[q * m + r] : X[r * m + q]);
  const out = new Float32Array(units * rows);
  for (let u = 0; u < units; u++) {
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let q = 0; q < len; q++) if (xAt(r, q) !== 0) sum = Math.fround(sum + Math.fround(xAt(r, q) * S[u * len + q]));
      out[u * rows + r] = sum;
    }
  }
  return out;
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('the zero-skipping form of an input', () => {
  it('compresses the lists by feature of an X in the memory from X, at the first gradient only', () => {
    const { calls, form, X, W, dZ, pointer, product, gradient } = setup();
    expect(form.compress(pointer(X), features, m)).toBe(true);
    expect(calls, 'lists by sample with uint16 indices').toEqual({ compressRowsNarrow: 1, compressRows: 0, transposeLists: 0 });
    const Z = product(true);
    expect(bits(Z)).toEqual(bits(listSums(W, X, true)));
    // Told that a gradient follows, the product still leaves them to the gradient: X is at hand.
    expect(form.byFeatureBuilt).toBe(false);
    expect(calls).toEqual({ compressRowsNarrow: 1, compressRows: 0, transposeLists: 0 });
    const expected = bits(listSums(dZ, X, false));
    expect(bits(gradient())).toEqual(expected);
    expect(form.byFeatureBuilt).toBe(true);
    expect(calls).toEqual({ compressRowsNarrow: 1, compressRows: 1, transposeLists: 0 });
    expect(bits(gradient())).toEqual(expected);
    expect(calls, 'a second gradient of the same X reuses them').toEqual({ compressRowsNarrow: 1, compressRows: 1, transposeLists: 0 });
    // New values in X are a new input: compress makes its lists by feature stale.
    X[5] = X[5] === 0 ? 2.5 : 0;
    expect(form.compress(pointer(X), features, m)).toBe(true);
    expect(form.byFeatureBuilt).toBe(false);
    expect(bits(gradient())).toEqual(bits(listSums(dZ, X, false)));
    expect(calls).toEqual({ compressRowsNarrow: 2, compressRows: 2, transposeLists: 0 });
  });

  it('sorts the lists by feature of picked lists in a training step’s product, else in the gradient', () => {
    const { calls, form, X, W, dZ, pickedLists, product, gradient } = setup();
    const { where, count } = pickedLists();
    const [Z, dW] = [bits(listSums(W, X, true)), bits(listSums(dZ, X, false))];
    // Evaluation: the product is not told a gradient follows, and does not sort.
    form.use(where, count, features, m);
    expect(bits(product())).toEqual(Z);
    expect(form.byFeatureBuilt).toBe(false);
    expect(bits(gradient())).toEqual(dW);
    expect(calls).toEqual({ compressRowsNarrow: 0, compressRows: 0, transposeLists: 1 });
    expect(bits(gradient())).toEqual(dW);
    expect(calls.transposeLists).toBe(1);
    form.use(where, count, features, m);
    expect(bits(product(false))).toEqual(Z);
    expect(form.byFeatureBuilt).toBe(false);
    // A training step: the product's job sorts them, and the gradient only reads them.
    form.use(where, count, features, m);
    expect(bits(product(true))).toEqual(Z);
    expect(form.byFeatureBuilt).toBe(true);
    expect(bits(gradient())).toEqual(dW);
    expect(calls).toEqual({ compressRowsNarrow: 0, compressRows: 0, transposeLists: 1 });
  });

  it('sorts without writing past its counters: memory reserved after them stays as it was', () => {
    const { arena, form, X, dZ, pickedLists, product, gradient } = setup();
    const { where, count } = pickedLists();
    form.use(where, count, features, m);
    product(true);
    // Reserved right after the sort's scratch: zero as the arena promises, and left alone by the
    // sorts of the next inputs (in a product's job, or in a gradient).
    const guard = arena.float32(4 * features);
    expect(guard.every((v) => v === 0)).toBe(true);
    guard.fill(-7);
    form.use(where, count, features, m);
    product(true);
    form.use(where, count, features, m);
    expect(bits(gradient())).toEqual(bits(listSums(dZ, X, false)));
    expect(guard.every((v) => v === -7)).toBe(true);
  });
});
