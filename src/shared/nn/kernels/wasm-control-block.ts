import type { Fields, FieldType } from './wasm-job-kind';

// The control block through which the calling thread hands a job to the helper threads: a few
// int32 slots inside the shared wasm memory. The header's slots are fixed; a job's arguments follow
// from ARGS on, laid out in the order its kind declares its fields (float64 ones 8-byte aligned),
// each kind over the same slots since one job runs at a time.
//
// How a job runs: the calling thread writes the arguments and the job's kind and chunk count,
// then bumps GEN and resets TICKET to (generation << CHUNK_BITS) | 0. Every thread claims chunks by
// compare-and-swap on TICKET, so a ticket whose generation is not the current one claims nothing,
// and counts each chunk it finishes in DONE; the calling thread waits until DONE reaches the
// count. A claim that succeeded means the job is still the published one, and it stays so until
// that chunk counts as done: the arguments read after a claim are that chunk's. A helper whose
// chunk throws records it in FAILED and counts the chunk done, so the calling thread throws rather
// than waits for ever.

/** The header's slots. Passed by value to the self-contained functions the helpers run. */
export const HEADER = {
  /** Bumped to publish a job; helpers sleep on it. */
  GEN: 0,
  /** (generation << CHUNK_BITS) | next unclaimed chunk. */
  TICKET: 1,
  /** Chunks finished in the current job. */
  DONE: 2,
  /** Helpers bound to this memory. */
  READY: 3,
  /** Set to release the helpers. */
  STOP: 4,
  /** The job's kind: its position in JOB_KINDS. */
  JOB: 5,
  /** The job's chunks. */
  TOTAL: 6,
  /** 1 + the first chunk of the current job a helper failed in (its chunk threw); 0: none. */
  FAILED: 7,
  /** Bits of a ticket that count chunks; the rest hold the generation. */
  CHUNK_BITS: 12,
} as const;
export type Header = typeof HEADER;

/** First slot of a job's arguments (even, so float64 arguments can be aligned). */
const ARGS = 8;

/** A field's place: its name, its type (0 int32, 1 float32, 2 float64) and its int32 slot. */
export type FieldSlot = readonly [name: string, type: 0 | 1 | 2, slot: number];

const TYPE_CODES: Record<FieldType, 0 | 1 | 2> = { i32: 0, f32: 1, f64: 2 };

/** The slots of a kind's fields, in declaration order. */
export function layoutOf(fields: Fields): FieldSlot[] {
  let slot = ARGS;
  return Object.entries(fields).map(([name, type]) => {
    if (type === 'f64') slot += slot & 1;
    const at = slot;
    slot += type === 'f64' ? 2 : 1;
    return [name, TYPE_CODES[type], at] as const;
  });
}

/** Int32 slots of a control block that holds any of these layouts. */
export function controlInts(layouts: readonly (readonly FieldSlot[])[]): number {
  return Math.max(ARGS, ...layouts.flat().map(([, type, slot]) => slot + (type === 2 ? 2 : 1)));
}

/** The three views of a control block (its byte offset is 8-byte aligned). */
export interface ControlViews {
  ints: Int32Array;
  floats: Float32Array;
  doubles: Float64Array;
}

/** Writes a job's arguments into their slots. */
export function encodeArgs(layout: readonly FieldSlot[], args: Readonly<Record<string, number>>, { ints, floats, doubles }: ControlViews): void {
  for (const [name, type, slot] of layout) {
    if (type === 0) ints[slot] = args[name];
    else if (type === 1) floats[slot] = args[name];
    else doubles[slot >> 1] = args[name];
  }
}

/** Reads a job's arguments from their slots. Self-contained: the helpers run it too. */
export function decodeArgs(layout: readonly FieldSlot[], views: ControlViews): Record<string, number> {
  const args: Record<string, number> = {};
  for (const [name, type, slot] of layout) args[name] = type === 0 ? views.ints[slot] : type === 1 ? views.floats[slot] : views.doubles[slot >> 1];
  return args;
}

/**
 * Publishes a job (kind `job`, `total` chunks) to the threads bound to this control block: its
 * arguments, then the next generation and its first ticket, waking the helpers that sleep on GEN.
 * Returns the generation, the one to claim chunks of.
 */
export function publishJob(views: ControlViews, job: number, layout: readonly FieldSlot[], args: Readonly<Record<string, number>>, total: number): number {
  const ctrl = views.ints;
  encodeArgs(layout, args, views);
  ctrl[HEADER.JOB] = job;
  ctrl[HEADER.TOTAL] = total;
  const generation = nextGeneration(ctrl);
  Atomics.store(ctrl, HEADER.DONE, 0);
  Atomics.store(ctrl, HEADER.FAILED, 0);
  Atomics.store(ctrl, HEADER.TICKET, generation << HEADER.CHUNK_BITS);
  Atomics.store(ctrl, HEADER.GEN, generation);
  Atomics.notify(ctrl, HEADER.GEN);
  return generation;
}

/**
 * Claims chunks of job generation `generation` and runs them until none is left (or another job
 * was published), counting each in DONE. Self-contained: every thread runs it, the helpers from
 * its source text.
 */
export function claimChunks(ctrl: Int32Array, h: Header, generation: number, run: (chunk: number) => void): void {
  const chunkMask = (1 << h.CHUNK_BITS) - 1;
  for (;;) {
    const ticket = Atomics.load(ctrl, h.TICKET);
    if (ticket >>> h.CHUNK_BITS !== generation) return;
    const chunk = ticket & chunkMask;
    if (chunk >= ctrl[h.TOTAL]) return;
    if (Atomics.compareExchange(ctrl, h.TICKET, ticket, ticket + 1) !== ticket) continue;
    run(chunk);
    Atomics.add(ctrl, h.DONE, 1);
    Atomics.notify(ctrl, h.DONE);
  }
}

/** The generation after the current one; it fits beside the chunk count in a ticket. */
export function nextGeneration(ctrl: Int32Array): number {
  return (Atomics.load(ctrl, HEADER.GEN) + 1) & ((1 << (32 - HEADER.CHUNK_BITS)) - 1);
}
