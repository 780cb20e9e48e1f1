// Single-precision GEMM in the shape of BLIS/GotoBLAS: C is cut into blocks whose operands are
// first packed into contiguous panels (op(A) into MR-row panels, op(B) into NR-column panels,
// zero-padded at the edges), and a register-blocked micro-kernel then computes each MR×NR tile of
// C from one A panel and one B panel. Packing makes the inner loop read both operands with unit
// stride whatever the transposes, and the block sizes keep a B panel in L1 and the A block in L2.
//
// The micro-kernel holds its 4×8 tile in eight v128 accumulators (plus two B vectors and one
// broadcast A value: 11 of the 16 SIMD registers x64 has). There is no fused multiply-add in
// baseline wasm SIMD (relaxed-simd's is implementation-defined, which would break bit-identical
// runs across machines), so each step is a mul and an add.
//
// Every element of C is computed the same way wherever its tile sits (KC-blocks in order, one
// accumulator per element), so any split of C into rectangles — the threads' work items — gives
// bit-identical results.

import { at } from './lanes';

const MR = 4;
const NR = 8;
/** Depth of a packed block: an A panel (MR·KC floats) and a B panel (KC·NR) fit in L1 together. */
const KC = 256;
/** Rows of op(A) packed at once: MC·KC floats = 128 KB, meant for L2. */
const MC = 128;
/** Columns of op(B) packed at once: KC·NC floats = 512 KB. */
const NC = 512;

const A_PACK_BYTES: usize = MC * KC * 4;
const B_PACK_BYTES: usize = KC * NC * 4;
const TILE_BYTES: usize = MR * NR * 4;

/** Bytes of scratch one gemm call needs (packed panels and an edge tile); 16-byte aligned by the caller. */
export function gemmWorkspaceBytes(): usize {
  return A_PACK_BYTES + B_PACK_BYTES + TILE_BYTES;
}

/**
 * Stores the transpose of the 4×4 block with rows x0…x3, times alpha, as four vectors at `out`
 * (16 bytes apart): out row t = (x0[t], x1[t], x2[t], x3[t]).
 */
// @ts-ignore: decorator
@inline
function transpose4(x0: v128, x1: v128, x2: v128, x3: v128, out: usize, alpha: v128): void {
  const t0 = f32x4.shuffle(x0, x1, 0, 4, 1, 5);
  const t1 = f32x4.shuffle(x0, x1, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(x2, x3, 0, 4, 1, 5);
  const t3 = f32x4.shuffle(x2, x3, 2, 6, 3, 7);
  v128.store(out, f32x4.mul(f32x4.shuffle(t0, t2, 0, 1, 4, 5), alpha));
  v128.store(out, f32x4.mul(f32x4.shuffle(t0, t2, 2, 3, 6, 7), alpha), 16);
  v128.store(out, f32x4.mul(f32x4.shuffle(t1, t3, 0, 1, 4, 5), alpha), 32);
  v128.store(out, f32x4.mul(f32x4.shuffle(t1, t3, 2, 3, 6, 7), alpha), 48);
}

/**
 * For B panels: eight rows of `ld` floats starting at `lo` (rows 0–3) and `hi` (rows 4–7), four
 * columns each, transposed so that out row t (32 bytes apart) holds column t of all eight rows.
 */
// @ts-ignore: decorator
@inline
function transpose4x2(lo: usize, hi: usize, ld: i32, out: usize): void {
  const stride = <usize>ld << 2;
  const x0 = v128.load(lo);
  const x1 = v128.load(lo + stride);
  const x2 = v128.load(lo + 2 * stride);
  const x3 = v128.load(lo + 3 * stride);
  const y0 = v128.load(hi);
  const y1 = v128.load(hi + stride);
  const y2 = v128.load(hi + 2 * stride);
  const y3 = v128.load(hi + 3 * stride);
  const a0 = f32x4.shuffle(x0, x1, 0, 4, 1, 5);
  const a1 = f32x4.shuffle(x0, x1, 2, 6, 3, 7);
  const a2 = f32x4.shuffle(x2, x3, 0, 4, 1, 5);
  const a3 = f32x4.shuffle(x2, x3, 2, 6, 3, 7);
  const b0 = f32x4.shuffle(y0, y1, 0, 4, 1, 5);
  const b1 = f32x4.shuffle(y0, y1, 2, 6, 3, 7);
  const b2 = f32x4.shuffle(y2, y3, 0, 4, 1, 5);
  const b3 = f32x4.shuffle(y2, y3, 2, 6, 3, 7);
  v128.store(out, f32x4.shuffle(a0, a2, 0, 1, 4, 5));
  v128.store(out, f32x4.shuffle(b0, b2, 0, 1, 4, 5), 16);
  v128.store(out, f32x4.shuffle(a0, a2, 2, 3, 6, 7), 32);
  v128.store(out, f32x4.shuffle(b0, b2, 2, 3, 6, 7), 48);
  v128.store(out, f32x4.shuffle(a1, a3, 0, 1, 4, 5), 64);
  v128.store(out, f32x4.shuffle(b1, b3, 0, 1, 4, 5), 80);
  v128.store(out, f32x4.shuffle(a1, a3, 2, 3, 6, 7), 96);
  v128.store(out, f32x4.shuffle(b1, b3, 2, 3, 6, 7), 112);
}

/**
 * Packs rows [i0, i0 + mc) × columns [p0, p0 + kc) of alpha·op(A) into MR-row panels: panel q
 * holds, for each p, the MR values of column p side by side. Rows past mc are zero.
 */
function packA(transA: bool, a: usize, m: i32, k: i32, i0: i32, mc: i32, p0: i32, kc: i32, alpha: f32, dst: usize): void {
  const alphaV = f32x4.splat(alpha);
  for (let q = 0; q < mc; q += MR) {
    const rows = min(MR, mc - q);
    const panel = at(dst, q * kc);
    if (transA) {
      // A is k×m: the MR values of one p are adjacent in memory.
      for (let p = 0; p < kc; p++) {
        const src = at(a, (p0 + p) * m + i0 + q);
        const out = at(panel, p * MR);
        if (rows == MR) {
          v128.store(out, f32x4.mul(v128.load(src), alphaV));
        } else {
          for (let r = 0; r < MR; r++) store<f32>(at(out, r), r < rows ? alpha * load<f32>(at(src, r)) : 0);
        }
      }
    } else if (rows == MR) {
      // A is m×k: read 4×4 blocks (four rows, four p) and transpose them into the panel.
      const r0 = at(a, (i0 + q) * k + p0);
      const r1 = at(r0, k);
      const r2 = at(r1, k);
      const r3 = at(r2, k);
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const offset = <usize>p << 2;
        transpose4(v128.load(r0 + offset), v128.load(r1 + offset), v128.load(r2 + offset), v128.load(r3 + offset), at(panel, p * MR), alphaV);
      }
      for (; p < kc; p++) {
        const out = at(panel, p * MR);
        store<f32>(out, alpha * load<f32>(at(r0, p)));
        store<f32>(out, alpha * load<f32>(at(r1, p)), 4);
        store<f32>(out, alpha * load<f32>(at(r2, p)), 8);
        store<f32>(out, alpha * load<f32>(at(r3, p)), 12);
      }
    } else {
      // The last, partial panel of a non-transposed A: element by element, zero past row mc.
      for (let r = 0; r < MR; r++) {
        const src = at(a, (i0 + q + r) * k + p0);
        for (let p = 0; p < kc; p++) store<f32>(at(panel, p * MR + r), r < rows ? alpha * load<f32>(at(src, p)) : 0);
      }
    }
  }
}

/**
 * Packs rows [p0, p0 + kc) × columns [j0, j0 + nc) of op(B) into NR-column panels: panel q holds,
 * for each p, the NR values of row p side by side. Columns past nc are zero.
 */
function packB(transB: bool, b: usize, n: i32, k: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let q = 0; q < nc; q += NR) {
    const cols = min(NR, nc - q);
    const panel = at(dst, q * kc);
    if (transB && cols == NR) {
      // B is n×k: the NR columns of op(B) are rows of B; transpose 4×4 blocks of two row quads.
      const r0 = at(b, (j0 + q) * k + p0);
      const r4 = at(r0, 4 * k);
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const offset = <usize>p << 2;
        const out = at(panel, p * NR);
        transpose4x2(r0 + offset, r4 + offset, k, out);
      }
      for (; p < kc; p++) {
        for (let c = 0; c < NR; c++) store<f32>(at(panel, p * NR + c), load<f32>(at(r0, c * k + p)));
      }
    } else if (transB) {
      // The last, partial panel of a transposed B: element by element, zero past column nc.
      for (let c = 0; c < NR; c++) {
        const src = at(b, (j0 + q + c) * k + p0);
        for (let p = 0; p < kc; p++) store<f32>(at(panel, p * NR + c), c < cols ? load<f32>(at(src, p)) : 0);
      }
    } else {
      // B is k×n: the NR values of one p are adjacent in memory.
      for (let p = 0; p < kc; p++) {
        const src = at(b, (p0 + p) * n + j0 + q);
        const out = at(panel, p * NR);
        if (cols == NR) {
          v128.store(out, v128.load(src));
          v128.store(out, v128.load(src, 16), 16);
        } else {
          for (let c = 0; c < NR; c++) store<f32>(at(out, c), c < cols ? load<f32>(at(src, c)) : 0);
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function writeRow(c: usize, lo: v128, hi: v128, overwrite: bool, beta: v128): void {
  if (overwrite) {
    v128.store(c, lo);
    v128.store(c, hi, 16);
  } else {
    v128.store(c, f32x4.add(f32x4.mul(v128.load(c), beta), lo));
    v128.store(c, f32x4.add(f32x4.mul(v128.load(c, 16), beta), hi), 16);
  }
}

/**
 * One MR×NR tile: C = acc (overwrite) or C = beta·C + acc, where acc = Σ_p A panel[p] ⊗ B panel[p]
 * over kc steps. `ldc` is the row stride of C in floats.
 */
function microKernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, overwrite: bool, beta: f32): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += MR * 4;
    bp += NR * 4;
  }
  const betaV = f32x4.splat(beta);
  const stride = <usize>ldc << 2;
  writeRow(c, c00, c01, overwrite, betaV);
  writeRow(c + stride, c10, c11, overwrite, betaV);
  writeRow(c + 2 * stride, c20, c21, overwrite, betaV);
  writeRow(c + 3 * stride, c30, c31, overwrite, betaV);
}

/** Copies the valid mr×nr corner of an edge tile into C with the same overwrite/beta rule. */
function mergeTile(tile: usize, c: usize, ldc: i32, mr: i32, nr: i32, overwrite: bool, beta: f32): void {
  for (let r = 0; r < mr; r++) {
    for (let j = 0; j < nr; j++) {
      const out = at(c, r * ldc + j);
      const value = load<f32>(at(tile, r * NR + j));
      store<f32>(out, overwrite ? value : beta * load<f32>(out) + value);
    }
  }
}

/**
 * C[i0:i1, j0:j1] = alpha·op(A)·op(B) + beta·C over that rectangle, with the layouts of
 * Kernels.gemm (row-major; op(A) m×k, op(B) k×n, C m×n). beta = 0 overwrites C without reading it.
 * `work` points to gemmWorkspaceBytes() of 16-byte-aligned scratch owned by the caller.
 */
export function gemm(
  transA: bool,
  transB: bool,
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  a: usize,
  b: usize,
  beta: f32,
  c: usize,
  i0: i32,
  i1: i32,
  j0: i32,
  j1: i32,
  work: usize,
): void {
  if (k == 0) {
    for (let i = i0; i < i1; i++) {
      for (let j = j0; j < j1; j++) {
        const out = at(c, i * n + j);
        store<f32>(out, beta == 0 ? 0 : beta * load<f32>(out));
      }
    }
    return;
  }
  const aPack = work;
  const bPack = work + A_PACK_BYTES;
  const tile = bPack + B_PACK_BYTES;
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      // The first depth block overwrites or scales C; later ones accumulate onto it.
      const overwrite = pc == 0 && beta == 0;
      const blockBeta: f32 = pc == 0 ? beta : 1;
      packB(transB, b, n, k, pc, kc, jc, nc, bPack);
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        packA(transA, a, m, k, ic, mc, pc, kc, alpha, aPack);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bp = at(bPack, jr * kc);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const ap = at(aPack, ir * kc);
            const cp = at(c, (ic + ir) * n + jc + jr);
            if (mr == MR && nr == NR) {
              microKernel(kc, ap, bp, cp, n, overwrite, blockBeta);
            } else {
              microKernel(kc, ap, bp, tile, NR, true, 0);
              mergeTile(tile, cp, n, mr, nr, overwrite, blockBeta);
            }
          }
        }
      }
    }
  }
}
