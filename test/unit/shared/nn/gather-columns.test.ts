import { describe, expect, it } from 'vitest';
import { gatherColumns } from '../../../../src/shared/nn/kernels/gather-columns';

// Rows of a row-major matrix, picked by an index list from an offset, become the columns of out.

describe('gatherColumns', () => {
  // source: 20 rows × 3 columns, entry (r, f) = 100·r + f.
  const width = 3;
  const source = Float64Array.from({ length: 20 * width }, (_, i) => 100 * Math.floor(i / width) + (i % width));

  it.each([1, 7, 8, 9, 16, 19])('copies %d rows (blocks of eight and the rest) into columns', (m) => {
    const rows = Int32Array.from({ length: 20 }, (_, i) => (i * 7) % 20); // 0, 7, 14, 1, 8, …
    const start = 20 - m;
    const out = new Float64Array(width * m + 2).fill(-1);
    gatherColumns(source, width, rows, start, m, out);
    const expected = Array.from({ length: width * m }, (_, i) => {
      const f = Math.floor(i / m);
      const j = i % m;
      return 100 * rows[start + j] + f;
    });
    expect(Array.from(out.subarray(0, width * m))).toEqual(expected);
    // Nothing past the batch is written.
    expect(Array.from(out.subarray(width * m))).toEqual([-1, -1]);
  });

  it('works into a float32 buffer with one feature', () => {
    const out = new Float32Array(10);
    gatherColumns(Float64Array.of(0.5, 1.5, 2.5), 1, Int32Array.of(2, 1, 0, 1, 2, 0, 0, 1, 2, 2), 0, 10, out);
    expect(Array.from(out)).toEqual([2.5, 1.5, 0.5, 1.5, 2.5, 0.5, 0.5, 1.5, 2.5, 2.5]);
  });
});
