import { describe, expect, it } from 'vitest';
import { claimChunks, controlInts, decodeArgs, HEADER, layoutOf, nextGeneration, publishJob } from '../../../../src/shared/nn/kernels/wasm-control-block';

// The control block's chunk claiming and sizing, on one thread: which chunks a thread runs for a
// ticket, what it counts as done, when it stops, and how generations wrap beside the chunk bits.

function controlBlock(total: number, ticket: number): Int32Array {
  const ctrl = new Int32Array(new SharedArrayBuffer(16 * 4));
  ctrl[HEADER.TOTAL] = total;
  ctrl[HEADER.TICKET] = ticket;
  return ctrl;
}

describe('wasm control block', () => {
  it('is as large as the header or the last slot of the largest layout, float64 slots counting twice', () => {
    expect(controlInts([])).toBe(8);
    expect(controlInts([layoutOf({})])).toBe(8);
    expect(controlInts([layoutOf({ a: 'i32' })])).toBe(9);
    expect(controlInts([layoutOf({ a: 'f32', b: 'f32' })])).toBe(10);
    expect(controlInts([layoutOf({ a: 'i32', b: 'f64' })])).toBe(12);
    expect(controlInts([layoutOf({ a: 'f64', b: 'i32' })])).toBe(11);
    expect(controlInts([layoutOf({ a: 'i32' }), layoutOf({ a: 'f64', b: 'f64' }), layoutOf({ a: 'f32' })])).toBe(12);
  });

  it('runs every chunk of the current generation from the next unclaimed one, counting each done', () => {
    const generation = 7;
    const ctrl = controlBlock(5, (generation << HEADER.CHUNK_BITS) | 2);
    const ran: number[] = [];
    claimChunks(ctrl, HEADER, generation, (chunk) => ran.push(chunk));
    expect(ran).toEqual([2, 3, 4]);
    expect(ctrl[HEADER.DONE]).toBe(3);
    expect(ctrl[HEADER.TICKET]).toBe((generation << HEADER.CHUNK_BITS) | 5);
    claimChunks(ctrl, HEADER, generation, (chunk) => ran.push(chunk));
    expect(ran).toEqual([2, 3, 4]); // all claimed: nothing more
  });

  it('claims nothing for a ticket of another generation, and stops when a new job is published mid-way', () => {
    const ctrl = controlBlock(4, 3 << HEADER.CHUNK_BITS);
    const ran: number[] = [];
    claimChunks(ctrl, HEADER, 2, (chunk) => ran.push(chunk));
    expect(ran).toEqual([]);
    expect(ctrl[HEADER.DONE]).toBe(0);
    claimChunks(ctrl, HEADER, 3, (chunk) => {
      ran.push(chunk);
      if (chunk === 1) ctrl[HEADER.TICKET] = 4 << HEADER.CHUNK_BITS;
    });
    expect(ran).toEqual([0, 1]);
    expect(ctrl[HEADER.DONE]).toBe(2);
    // A generation whose high bit is set still matches (the ticket is compared unsigned).
    const high = (1 << (32 - HEADER.CHUNK_BITS)) - 1;
    const wide = controlBlock(2, high << HEADER.CHUNK_BITS);
    claimChunks(wide, HEADER, high, (chunk) => ran.push(10 + chunk));
    expect(ran).toEqual([0, 1, 10, 11]);
  });

  it('publishes a job: its arguments, kind and chunks, the next generation from chunk 0, nothing yet done or failed', () => {
    const buffer = new SharedArrayBuffer(16 * 4);
    const views = { ints: new Int32Array(buffer), floats: new Float32Array(buffer), doubles: new Float64Array(buffer) };
    const ctrl = views.ints;
    const layout = layoutOf({ n: 'i32', scale: 'f64' });
    [ctrl[HEADER.GEN], ctrl[HEADER.TICKET], ctrl[HEADER.DONE], ctrl[HEADER.READY], ctrl[HEADER.FAILED]] = [41, (41 << HEADER.CHUNK_BITS) | 5, 5, 2, 3];
    expect(publishJob(views, 3, layout, { n: 7, scale: 0.1 }, 9)).toBe(42);
    expect([...ctrl.subarray(0, 8)]).toEqual([42, 42 << HEADER.CHUNK_BITS, 0, 2, 0, 3, 9, 0]);
    expect(decodeArgs(layout, views)).toEqual({ n: 7, scale: 0.1 });
    // After the last generation that fits beside the chunk bits: generation 0, ticket 0.
    ctrl[HEADER.GEN] = 2 ** 20 - 1;
    expect(publishJob(views, 1, layout, { n: 8, scale: 2 }, 4)).toBe(0);
    expect([...ctrl.subarray(0, 8)]).toEqual([0, 0, 0, 2, 0, 1, 4, 0]);
  });

  it('counts generations up to what fits beside the chunk bits, then from 0 again', () => {
    const ctrl = new Int32Array(new SharedArrayBuffer(16 * 4));
    expect(nextGeneration(ctrl)).toBe(1);
    ctrl[HEADER.GEN] = 41;
    expect(nextGeneration(ctrl)).toBe(42);
    ctrl[HEADER.GEN] = 2 ** 20 - 2;
    expect(nextGeneration(ctrl)).toBe(2 ** 20 - 1);
    ctrl[HEADER.GEN] = 2 ** 20 - 1;
    expect(nextGeneration(ctrl)).toBe(0);
  });
});
