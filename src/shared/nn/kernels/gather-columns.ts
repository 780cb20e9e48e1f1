import type { FloatArray } from './types';

/**
 * out[f·m + j] = source[rows[start + j]·width + f]: rows of a row-major matrix become columns.
 * Eight rows are copied together, so each step writes eight adjacent floats of `out` instead of
 * one float per cache line (docs/perf-notes.md).
 */
export function gatherColumns(
  source: FloatArray,
  width: number,
  rows: Int32Array,
  start: number,
  m: number,
  out: FloatArray,
): void {
  let j = 0;
  for (; j + 8 <= m; j += 8) {
    const s0 = rows[start + j] * width;
    const s1 = rows[start + j + 1] * width;
    const s2 = rows[start + j + 2] * width;
    const s3 = rows[start + j + 3] * width;
    const s4 = rows[start + j + 4] * width;
    const s5 = rows[start + j + 5] * width;
    const s6 = rows[start + j + 6] * width;
    const s7 = rows[start + j + 7] * width;
    for (let f = 0, o = j; f < width; f++, o += m) {
      out[o] = source[s0 + f];
      out[o + 1] = source[s1 + f];
      out[o + 2] = source[s2 + f];
      out[o + 3] = source[s3 + f];
      out[o + 4] = source[s4 + f];
      out[o + 5] = source[s5 + f];
      out[o + 6] = source[s6 + f];
      out[o + 7] = source[s7 + f];
    }
  }
  for (; j < m; j++) {
    const offset = rows[start + j] * width;
    for (let f = 0; f < width; f++) out[f * m + j] = source[offset + f];
  }
}
