import { afterEach, describe, expect, it } from 'vitest';
import { GrowableRows } from '../../../../src/shared/data/growable';

function fill(rows: GrowableRows<Float32Array>, count: number): void {
  for (let r = 0; r < count; r++) {
    const at = rows.reserve();
    rows.data.set([r, -r], at);
    rows.commit();
  }
}

describe('GrowableRows', () => {
  const original = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'transfer');
  afterEach(() => {
    if (original) Object.defineProperty(ArrayBuffer.prototype, 'transfer', original);
    else delete (ArrayBuffer.prototype as { transfer?: unknown }).transfer;
  });

  it('grows by doubling past the hint, keeps every row, and trims to the exact size', () => {
    const rows = new GrowableRows(Float32Array, 2, 3);
    fill(rows, 7);
    expect(rows.data.length).toBe(12 * 2);
    const x = rows.trim();
    expect(x).toHaveLength(14);
    expect(Array.from(x.subarray(10))).toEqual([5, -5, 6, -6]);
    expect(x.buffer.byteLength).toBe(14 * 4);
  });

  it('returns the very array when the hint was exact, and shrinks in place with ArrayBuffer.transfer', () => {
    const exact = new GrowableRows(Float32Array, 2, 4);
    fill(exact, 4);
    const before = exact.data;
    expect(exact.trim()).toBe(before);

    const transferred: number[] = [];
    Object.defineProperty(ArrayBuffer.prototype, 'transfer', {
      configurable: true,
      value(this: ArrayBuffer, length: number) {
        transferred.push(length);
        return this.slice(0, length);
      },
    });
    const rows = new GrowableRows(Float32Array, 2, 10);
    fill(rows, 3);
    const x = rows.trim();
    expect(transferred).toEqual([24]);
    expect(Array.from(x)).toEqual([0, -0, 1, -1, 2, -2]);
  });
});
