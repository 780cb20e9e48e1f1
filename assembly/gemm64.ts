// Double-precision GEMM: the float64 twin of gemm.ts (packed panels, a register-blocked
// micro-kernel, the same rectangle interface for the helper threads), on f64x2 lanes.
//
// Summation order, which makes it bit-identical to the TypeScript backend (kernels/ts.ts): every
// element of C starts from 0 (beta = 0) or beta·C and adds (alpha·op(A)[i, p])·op(B)[p, j] for
// p = 0, 1, …, k − 1 one at a time, in order, with no fused multiply-add. A depth block stores its
// partial sums in C and the next block starts from them, so the blocking changes nothing. The ts
// backend sums in the same order (alpha and beta aside: its A·Bᵀ forms apply them after the sum,
// so only alpha = 1, beta = 0 — every product the network makes — is bit-identical in those).
//
// The micro-kernel's 4×4 tile takes eight f64x2 accumulators, two B vectors and one broadcast A
// value: 11 of x64's 16 SIMD registers, like gemm.ts's 4×8 float32 tile.

import { at64 } from './lanes';

const MR = 4;
const NR = 4;
/** Depth of a packed block: an A panel and a B panel (8 KB each) fit in L1 together. */
const KC = 256;
/** Rows of op(A) packed at once: MC·KC doubles = 128 KB, meant for L2. */
const MC = 64;
/** Columns of op(B) packed at once: KC·NC doubles = 512 KB. */
const NC = 256;

const A_PACK_BYTES: usize = MC * KC * 8;
const B_PACK_BYTES: usize = KC * NC * 8;
const TILE_BYTES: usize = MR * NR * 8;

/** Bytes of scratch one gemm64 call needs; 16-byte aligned by the caller. */
export function gemm64WorkspaceBytes(): usize {
  return A_PACK_BYTES + B_PACK_BYTES + TILE_BYTES;
}

/**
 * Packs rows [i0, i0 + mc) × columns [p0, p0 + kc) of alpha·op(A) into MR-row panels: panel q
 * holds, for each p, the MR values of column p side by side. Rows past mc are zero.
 */
function packA(transA: bool, a: usize, m: i32, k: i32, i0: i32, mc: i32, p0: i32, kc: i32, alpha: f64, dst: usize): void {
  const alphaV = f64x2.splat(alpha);
  for (let q = 0; q < mc; q += MR) {
    const rows = min(MR, mc - q);
    const panel = at64(dst, q * kc);
    if (transA) {
      // A is k×m: the MR values of one p are adjacent in memory.
      for (let p = 0; p < kc; p++) {
        const src = at64(a, (p0 + p) * m + i0 + q);
        const out = at64(panel, p * MR);
        if (rows == MR) {
          v128.store(out, f64x2.mul(v128.load(src), alphaV));
          v128.store(out, f64x2.mul(v128.load(src, 16), alphaV), 16);
        } else {
          for (let r = 0; r < MR; r++) store<f64>(at64(out, r), r < rows ? alpha * load<f64>(at64(src, r)) : 0);
        }
      }
    } else {
      // A is m×k: row r of the panel is row i0 + q + r of A; pairs of rows are interleaved two p
      // at a time.
      for (let r = 0; r < MR; r += 2) {
        const r0 = at64(a, (i0 + q + r) * k + p0);
        const r1 = at64(r0, k);
        let p = 0;
        if (r + 1 < rows) {
          for (; p + 2 <= kc; p += 2) {
            const x = f64x2.mul(v128.load(at64(r0, p)), alphaV);
            const y = f64x2.mul(v128.load(at64(r1, p)), alphaV);
            const out = at64(panel, p * MR + r);
            v128.store(out, i64x2.shuffle(x, y, 0, 2));
            v128.store(out, i64x2.shuffle(x, y, 1, 3), MR * 8);
          }
        }
        for (; p < kc; p++) {
          const out = at64(panel, p * MR + r);
          store<f64>(out, r < rows ? alpha * load<f64>(at64(r0, p)) : 0);
          store<f64>(out, r + 1 < rows ? alpha * load<f64>(at64(r1, p)) : 0, 8);
        }
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
    const panel = at64(dst, q * kc);
    if (transB) {
      // B is n×k: column c of the panel is row j0 + q + c of B; pairs of them interleaved two p at a time.
      for (let c = 0; c < NR; c += 2) {
        const r0 = at64(b, (j0 + q + c) * k + p0);
        const r1 = at64(r0, k);
        let p = 0;
        if (c + 1 < cols) {
          for (; p + 2 <= kc; p += 2) {
            const x = v128.load(at64(r0, p));
            const y = v128.load(at64(r1, p));
            const out = at64(panel, p * NR + c);
            v128.store(out, i64x2.shuffle(x, y, 0, 2));
            v128.store(out, i64x2.shuffle(x, y, 1, 3), NR * 8);
          }
        }
        for (; p < kc; p++) {
          const out = at64(panel, p * NR + c);
          store<f64>(out, c < cols ? load<f64>(at64(r0, p)) : 0);
          store<f64>(out, c + 1 < cols ? load<f64>(at64(r1, p)) : 0, 8);
        }
      }
    } else {
      // B is k×n: the NR values of one p are adjacent in memory.
      for (let p = 0; p < kc; p++) {
        const src = at64(b, (p0 + p) * n + j0 + q);
        const out = at64(panel, p * NR);
        if (cols == NR) {
          v128.store(out, v128.load(src));
          v128.store(out, v128.load(src, 16), 16);
        } else {
          for (let c = 0; c < NR; c++) store<f64>(at64(out, c), c < cols ? load<f64>(at64(src, c)) : 0);
        }
      }
    }
  }
}

/** How a tile's sums start: from 0, from C (a later depth block), or from beta·C. */
const START_ZERO = 0;
const START_C = 1;
const START_SCALED = 2;

// @ts-ignore: decorator
@inline
function startRow(c: usize, start: i32, beta: v128, offset: usize): v128 {
  if (start == START_ZERO) return f64x2.splat(0);
  const v = v128.load(c + offset);
  return start == START_C ? v : f64x2.mul(v, beta);
}

/**
 * One MR×NR tile: C = start + Σ_p A panel[p] ⊗ B panel[p] over kc steps, adding one p at a time.
 * `ldc` is the row stride of C in doubles.
 */
function microKernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, start: i32, beta: f64): void {
  const betaV = f64x2.splat(beta);
  const stride = <usize>ldc << 3;
  let c00 = startRow(c, start, betaV, 0);
  let c01 = startRow(c, start, betaV, 16);
  let c10 = startRow(c + stride, start, betaV, 0);
  let c11 = startRow(c + stride, start, betaV, 16);
  let c20 = startRow(c + 2 * stride, start, betaV, 0);
  let c21 = startRow(c + 2 * stride, start, betaV, 16);
  let c30 = startRow(c + 3 * stride, start, betaV, 0);
  let c31 = startRow(c + 3 * stride, start, betaV, 16);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load64_splat(ap);
    c00 = f64x2.add(c00, f64x2.mul(a, b0));
    c01 = f64x2.add(c01, f64x2.mul(a, b1));
    a = v128.load64_splat(ap, 8);
    c10 = f64x2.add(c10, f64x2.mul(a, b0));
    c11 = f64x2.add(c11, f64x2.mul(a, b1));
    a = v128.load64_splat(ap, 16);
    c20 = f64x2.add(c20, f64x2.mul(a, b0));
    c21 = f64x2.add(c21, f64x2.mul(a, b1));
    a = v128.load64_splat(ap, 24);
    c30 = f64x2.add(c30, f64x2.mul(a, b0));
    c31 = f64x2.add(c31, f64x2.mul(a, b1));
    ap += MR * 8;
    bp += NR * 8;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + stride, c10);
  v128.store(c + stride, c11, 16);
  v128.store(c + 2 * stride, c20);
  v128.store(c + 2 * stride, c21, 16);
  v128.store(c + 3 * stride, c30);
  v128.store(c + 3 * stride, c31, 16);
}

/** Copies the mr×nr corner at `from` (row stride fromLd) to `to` (row stride toLd). */
function copyCorner(from: usize, fromLd: i32, to: usize, toLd: i32, mr: i32, nr: i32): void {
  for (let r = 0; r < mr; r++) {
    for (let j = 0; j < nr; j++) store<f64>(at64(to, r * toLd + j), load<f64>(at64(from, r * fromLd + j)));
  }
}

/**
 * C[i0:i1, j0:j1] = alpha·op(A)·op(B) + beta·C over that rectangle, with the layouts of
 * Kernels.gemm (row-major; op(A) m×k, op(B) k×n, C m×n). beta = 0 overwrites C without reading it.
 * `work` points to gemm64WorkspaceBytes() of 16-byte-aligned scratch owned by the caller.
 */
export function gemm64(
  transA: bool,
  transB: bool,
  m: i32,
  n: i32,
  k: i32,
  alpha: f64,
  a: usize,
  b: usize,
  beta: f64,
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
        const out = at64(c, i * n + j);
        store<f64>(out, beta == 0 ? 0 : beta * load<f64>(out));
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
      const start = pc > 0 ? START_C : beta == 0 ? START_ZERO : START_SCALED;
      packB(transB, b, n, k, pc, kc, jc, nc, bPack);
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        packA(transA, a, m, k, ic, mc, pc, kc, alpha, aPack);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bp = at64(bPack, jr * kc);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const ap = at64(aPack, ir * kc);
            const cp = at64(c, (ic + ir) * n + jc + jr);
            if (mr == MR && nr == NR) {
              microKernel(kc, ap, bp, cp, n, start, beta);
            } else {
              // An edge tile runs on a full-size copy of its corner (the rest is padding).
              if (start != START_ZERO) copyCorner(cp, n, tile, NR, mr, nr);
              microKernel(kc, ap, bp, tile, NR, start, beta);
              copyCorner(tile, NR, cp, n, mr, nr);
            }
          }
        }
      }
    }
  }
}
