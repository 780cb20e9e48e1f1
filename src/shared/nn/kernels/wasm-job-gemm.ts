import { CHUNKS_PER_THREAD, defineJob } from './wasm-job-kind';

// C = alpha·op(A)·op(B) + beta·C (assembly/gemm.ts in float32, gemm64.ts in float64) cut into
// chunks of whole rows of C (m ≥ n) or whole columns, aligned to the micro-kernel tiles (4×8 and
// 4×4). Each element of C is computed the same way in whichever chunk and thread (see those
// files), so any split gives the bits of one call. alpha and beta travel as float64: the float32
// kernel rounds them to float32 as a direct call does.

export interface GemmCall {
  /** float64 arrays (gemm64) rather than float32. */
  double: boolean;
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  a: number;
  b: number;
  beta: number;
  c: number;
}

export const GEMM_JOB = defineJob({
  name: 'gemm',
  fields: { double: 'i32', transA: 'i32', transB: 'i32', m: 'i32', n: 'i32', k: 'i32', alpha: 'f64', a: 'i32', b: 'i32', beta: 'f64', c: 'i32', byRows: 'i32', chunk: 'i32' },
  plan(call: GemmCall, threads) {
    const byRows = call.m >= call.n;
    const extent = byRows ? call.m : call.n;
    const align = byRows ? 4 : 8;
    const chunk = threads === 1 ? extent : Math.max(align, Math.ceil(extent / (threads * CHUNKS_PER_THREAD) / align) * align);
    const { double, transA, transB, m, n, k, alpha, a, b, beta, c } = call;
    return {
      args: { double: double ? 1 : 0, transA: transA ? 1 : 0, transB: transB ? 1 : 0, m, n, k, alpha, a, b, beta, c, byRows: byRows ? 1 : 0, chunk },
      total: Math.ceil(extent / chunk),
    };
  },
  work: ({ m, n, k }) => m * n * k,
  shape: ({ double, transA, transB, m, n, k }) => `${double ? 'D' : 'S'}${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}${m}×${n}×${k}`,
  chunk: (k, a, index, place) => {
    const from = index * a.chunk;
    const transA = a.transA !== 0;
    const transB = a.transB !== 0;
    const gemm = a.double !== 0 ? k.gemm64 : k.gemm;
    if (a.byRows !== 0) gemm(transA, transB, a.m, a.n, a.k, a.alpha, a.a, a.b, a.beta, a.c, from, Math.min(a.m, from + a.chunk), 0, a.n, place.work);
    else gemm(transA, transB, a.m, a.n, a.k, a.alpha, a.a, a.b, a.beta, a.c, 0, a.m, from, Math.min(a.n, from + a.chunk), place.work);
  },
});
