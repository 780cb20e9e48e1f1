import { CHUNKS_PER_THREAD, defineJob } from './wasm-job-kind';

// C = alpha·op(A)·op(B) + beta·C (assembly/gemm.ts) cut into chunks of whole rows of C (m ≥ n) or
// whole columns, aligned to the 4×8 micro-kernel tile. Each element of C is computed the same way
// in whichever chunk and thread (see assembly/gemm.ts), so any split gives the bits of one call.

export interface GemmCall {
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
  fields: { transA: 'i32', transB: 'i32', m: 'i32', n: 'i32', k: 'i32', alpha: 'f32', a: 'i32', b: 'i32', beta: 'f32', c: 'i32', byRows: 'i32', chunk: 'i32' },
  plan(call: GemmCall, threads) {
    const byRows = call.m >= call.n;
    const extent = byRows ? call.m : call.n;
    const align = byRows ? 4 : 8;
    const chunk = threads === 1 ? extent : Math.max(align, Math.ceil(extent / (threads * CHUNKS_PER_THREAD) / align) * align);
    const { transA, transB, m, n, k, alpha, a, b, beta, c } = call;
    return {
      args: { transA: transA ? 1 : 0, transB: transB ? 1 : 0, m, n, k, alpha, a, b, beta, c, byRows: byRows ? 1 : 0, chunk },
      total: Math.ceil(extent / chunk),
    };
  },
  work: ({ m, n, k }) => m * n * k,
  shape: ({ transA, transB, m, n, k }) => `${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}${m}×${n}×${k}`,
  chunk: (k, a, index, place) => {
    const from = index * a.chunk;
    const transA = a.transA !== 0;
    const transB = a.transB !== 0;
    if (a.byRows !== 0) k.gemm(transA, transB, a.m, a.n, a.k, a.alpha, a.a, a.b, a.beta, a.c, from, Math.min(a.m, from + a.chunk), 0, a.n, place.work);
    else k.gemm(transA, transB, a.m, a.n, a.k, a.alpha, a.a, a.b, a.beta, a.c, 0, a.m, from, Math.min(a.n, from + a.chunk), place.work);
  },
});
