// The dense transpose of a float32 matrix: how X (features × m) becomes the rows of samples that
// its lists by sample are compressed from.

import { at } from './lanes';

/**
 * Transposes the 4×4 block whose rows start at `src` (`srcStride` bytes apart) into four rows at
 * `dst` (`dstStride` bytes apart).
 */
// @ts-ignore: decorator
@inline
function transposeBlock(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
  const x0 = v128.load(src);
  const x1 = v128.load(src + srcStride);
  const x2 = v128.load(src + 2 * srcStride);
  const x3 = v128.load(src + 3 * srcStride);
  const t0 = f32x4.shuffle(x0, x1, 0, 4, 1, 5);
  const t1 = f32x4.shuffle(x0, x1, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(x2, x3, 0, 4, 1, 5);
  const t3 = f32x4.shuffle(x2, x3, 2, 6, 3, 7);
  v128.store(dst, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + dstStride, f32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, f32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, f32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/**
 * out (cols×rows) = xᵀ for a rows×cols matrix x, in 4×4 blocks taken sixteen rows of x at a time,
 * so each step writes whole 64-byte lines of out: with four rows at a time, a wide x made every
 * line of out leave the L1 cache between its four partial writes (docs/perf-notes.md).
 */
export function transpose(x: usize, rows: i32, cols: i32, out: usize): void {
  const inStride = <usize>cols << 2;
  const outStride = <usize>rows << 2;
  const quads = cols & ~3;
  let r = 0;
  for (; r + 16 <= rows; r += 16) {
    const src = at(x, r * cols);
    for (let c = 0; c < quads; c += 4) {
      const s = src + (<usize>c << 2);
      const d = at(out, c * rows + r);
      transposeBlock(s, inStride, d, outStride);
      transposeBlock(s + 4 * inStride, inStride, d + 16, outStride);
      transposeBlock(s + 8 * inStride, inStride, d + 32, outStride);
      transposeBlock(s + 12 * inStride, inStride, d + 48, outStride);
    }
  }
  for (; r + 4 <= rows; r += 4) {
    for (let c = 0; c < quads; c += 4) transposeBlock(at(x, r * cols + c), inStride, at(out, c * rows + r), outStride);
  }
  // The last rows (fewer than 4) and the last columns (fewer than 4), element by element.
  for (let i = r; i < rows; i++) {
    for (let c = 0; c < quads; c++) store<f32>(at(out, c * rows + i), load<f32>(at(x, i * cols + c)));
  }
  for (let c = quads; c < cols; c++) {
    for (let i = 0; i < rows; i++) store<f32>(at(out, c * rows + i), load<f32>(at(x, i * cols + c)));
  }
}

