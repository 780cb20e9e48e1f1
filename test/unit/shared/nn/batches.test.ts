import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { BatchLoader } from '../../../../src/shared/nn/batches';
import { Network } from '../../../../src/shared/nn/network';

// Rows of a row-major dataset become column batches X (features × m) and Y (outputs × m) in the
// network's dtype, in buffers reused for every batch of the same size.

const samples = {
  // 5 rows × 2 features: (10r, 10r + 1); targets (r, −r).
  x: Float64Array.from({ length: 10 }, (_, i) => 10 * Math.floor(i / 2) + (i % 2)),
  features: 2,
  y: Float64Array.from({ length: 10 }, (_, i) => (i % 2 ? -1 : 1) * Math.floor(i / 2)),
  outputs: 2,
};
const net = (dtype: 'float32' | 'float64') => new Network({ inputs: 2, dtype, layers: [{ units: 2, activation: resolveActivation('linear') }] });

describe('BatchLoader', () => {
  it('loads rows[start … start + m − 1] as columns', () => {
    const loader = new BatchLoader(samples, net('float64'));
    const { X, Y, m } = loader.load(Int32Array.of(4, 1, 3, 0), 1, 3); // rows 1, 3, 0
    expect(m).toBe(3);
    expect(Array.from(X.dense)).toEqual([10, 30, 0, 11, 31, 1]);
    expect(Array.from(Y)).toEqual([1, 3, 0, -1, -3, -0]);
    expect(Y).toBeInstanceOf(Float64Array);
  });

  it('reuses one buffer per batch size, and converts to float32 for a float32 network', () => {
    const loader = new BatchLoader(samples, net('float32'));
    const first = loader.load(Int32Array.of(0, 1, 2, 3, 4), 0, 2);
    expect(first.Y).toBeInstanceOf(Float32Array);
    const firstY = first.Y;
    const second = loader.load(Int32Array.of(0, 1, 2, 3, 4), 2, 2);
    expect(second.Y).toBe(firstY);
    expect(Array.from(second.Y)).toEqual([2, 3, -2, -3]);
    expect(Array.from(second.X.dense)).toEqual([20, 30, 21, 31]);
    const last = loader.load(Int32Array.of(0, 1, 2, 3, 4), 4, 1);
    expect(last.Y).not.toBe(firstY);
    expect(Array.from(last.Y)).toEqual([4, -4]);
    expect(Array.from(last.X.dense)).toEqual([40, 41]);
  });
});
