import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WasmArena } from '../../../../src/shared/nn/kernels/wasm-arena';
import { decodeArgs, HEADER } from '../../../../src/shared/nn/kernels/wasm-control-block';
import { helperProgram } from '../../../../src/shared/nn/kernels/wasm-helper-program';
import { DATASET_LISTS_JOB, LISTS_COUNT, type DatasetListsCall } from '../../../../src/shared/nn/kernels/wasm-job-dataset-lists';
import { GEMM_JOB, type GemmCall } from '../../../../src/shared/nn/kernels/wasm-job-gemm';
import { OPTIMIZER_STEP_JOB } from '../../../../src/shared/nn/kernels/wasm-job-optimizer-step';
import { CONTROL_INTS, JOB_ENTRIES } from '../../../../src/shared/nn/kernels/wasm-jobs';
import { createKernelMemory, gemmWorkspaceBytes, instantiateKernels, kernelModule } from '../../../../src/shared/nn/kernels/wasm-module';
import { configureKernelThreads, KernelThreads, THREADED_MIN_WORK, type KernelThreadHost } from '../../../../src/shared/nn/kernels/wasm-threads';
import { ThreadChoice } from '../../../../src/shared/nn/kernels/thread-choice';

// How KernelThreads hands work to helper threads, with the helpers played by the test: the host's
// ports only record the bind messages, the test sets READY as a bound helper would, and the
// calling thread then runs the chunks of a threaded job itself (claimed from the control block,
// as every thread claims them) — so the publishing, claiming, counting and waiting are checked
// exactly, on one thread, without timing. Where a helper must be in the middle of a chunk, a
// scripted worker claims one and holds it until the calling thread sleeps waiting for it. Every
// threaded call runs under a watchdog: a mutant that makes the calling thread wait for chunks
// nobody runs fails the test in seconds instead of hanging it. wasm-threads.test.ts runs the real
// helpers.
//
// configureKernelThreads keeps one pool per process (here: per test file, and helpers are only
// ever added). The first two tests need it fresh; every later one asks for the helpers it needs
// (StrykerJS runs only the tests that reach a mutant) and uses backends of its own.

interface BindMessage {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: number;
  work: number;
}

const ports: { source: string; messages: BindMessage[] }[] = [];
const host = (helpers: number): KernelThreadHost => ({
  helpers,
  spawn(source) {
    const port = { source, messages: [] as BindMessage[] };
    ports.push(port);
    return { postMessage: (message) => port.messages.push(message as BindMessage) };
  },
});

function backend() {
  const memory = createKernelMemory(32);
  const k = instantiateKernels(memory);
  const arena = new WasmArena(memory, k.heapBase());
  const work = arena.reserve(gemmWorkspaceBytes(k));
  const threads = new KernelThreads(k, kernelModule(), memory, arena, work);
  /** The control block of the last bind message, once bound. */
  const control = () => {
    const message = ports[0].messages.findLast((m) => m.memory === memory);
    if (!message) throw new Error('not bound');
    return new Int32Array(memory.buffer, message.control, CONTROL_INTS);
  };
  return { memory, k, arena, work, threads, control };
}
type Backend = ReturnType<typeof backend>;

/** Binds the backend (its first large call) and plays helpers that report ready. */
function bindReady(b: Backend): Int32Array {
  expect(b.threads.mayShare(THREADED_MIN_WORK)).toBe(false);
  const ctrl = b.control();
  Atomics.store(ctrl, HEADER.READY, ports.length);
  expect(b.threads.mayShare(THREADED_MIN_WORK)).toBe(true);
  return ctrl;
}

const WATCHDOG = `
const { workerData: { buffer, control, state, ms } } = require('node:worker_threads');
const ctrl = new Int32Array(buffer, control, ${HEADER.DONE + 1});
const flags = new Int32Array(state);
for (let wait = ms; Atomics.wait(flags, 0, 0, wait) === 'timed-out'; wait = 1000) {
  const fired = Atomics.add(flags, 1, 1);
  Atomics.store(ctrl, ${HEADER.DONE}, fired % 2 === 0 ? 1 << 30 : -(1 << 30));
  Atomics.notify(ctrl, ${HEADER.DONE});
}`;

/**
 * Runs `body` (synchronous calls of a bound backend) while a worker watches: if it has not
 * finished after 10 s, the worker sets DONE far past any chunk count, then every second far below
 * it and past it again, which ends any wait of the calling thread for DONE to reach (or pass) the
 * count, and the test fails saying so.
 */
function watched<T>(b: Backend, body: () => T): T {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const ctrl = b.control();
  const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { buffer: ctrl.buffer, control: ctrl.byteOffset, state: state.buffer, ms: 10_000 } });
  watchdog.unref();
  try {
    return body();
  } finally {
    Atomics.store(state, 0, 1);
    Atomics.notify(state, 0);
    expect(Atomics.load(state, 1), 'the calling thread waited for chunks no thread was running').toBe(0);
  }
}

const SCRIPTED_HELPER = `
const { workerData: { buffer, control, state, fail } } = require('node:worker_threads');
const ctrl = new Int32Array(buffer, control, ${HEADER.FAILED + 1});
const flags = new Int32Array(state);
const generation = Atomics.load(ctrl, ${HEADER.GEN});
Atomics.store(flags, 0, 1);
Atomics.notify(flags, 0);
for (let tries = 0; tries < 100 && Atomics.load(ctrl, ${HEADER.GEN}) === generation; tries++) Atomics.wait(ctrl, ${HEADER.GEN}, generation, 100);
const ticket = Atomics.load(ctrl, ${HEADER.TICKET});
if (Atomics.compareExchange(ctrl, ${HEADER.TICKET}, ticket, ticket + 1) === ticket) {
  const chunk = ticket & ${(1 << HEADER.CHUNK_BITS) - 1};
  Atomics.store(flags, 1, chunk + 1);
  Atomics.notify(flags, 1);
  // Holds the chunk until the calling thread sleeps on DONE (a wake-up it takes as spurious) or
  // 5 s have passed.
  for (let tries = 0; tries < 1000; tries++) {
    if (Atomics.notify(ctrl, ${HEADER.DONE}, 1) > 0) {
      Atomics.store(flags, 3, 1);
      break;
    }
    Atomics.wait(flags, 2, 0, 5);
  }
  if (fail) Atomics.compareExchange(ctrl, ${HEADER.FAILED}, 0, chunk + 1);
  Atomics.store(flags, 2, 1);
  Atomics.add(ctrl, ${HEADER.DONE}, 1);
  Atomics.notify(ctrl, ${HEADER.DONE});
}`;

/**
 * A helper that takes the first chunk of the next job published on `b`, holds it without running
 * it until the calling thread has gone to sleep waiting for it, and counts it done (after
 * recording a failure when `fail`). Returns its flags: [started, 1 + the chunk it claimed,
 * finished, saw the calling thread asleep].
 */
function scriptedHelper(b: Backend, fail: boolean): Int32Array {
  const flags = new Int32Array(new SharedArrayBuffer(16));
  const ctrl = b.control();
  new Worker(SCRIPTED_HELPER, { eval: true, workerData: { buffer: ctrl.buffer, control: ctrl.byteOffset, state: flags.buffer, fail } }).unref();
  expect(Atomics.wait(flags, 0, 0, 20_000), 'the scripted helper started').not.toBe('timed-out');
  return flags;
}

/** Waits in `meanwhile` until the scripted helper has claimed its chunk. */
function untilClaimed(flags: Int32Array): void {
  expect(Atomics.wait(flags, 1, 0, 20_000), 'the scripted helper claimed a chunk').not.toBe('timed-out');
}

/** A count pass of the dataset-lists job over `rows` rows of 16 features in chunks of 8 rows (no shape: always threaded when ready). */
function countPass(b: Backend, rows = 50) {
  const features = 16;
  const chunkRows = 8;
  const chunks = Math.ceil(rows / chunkRows);
  const x = b.arena.float32(rows * features);
  // Row r has r % 7 nonzeros; rows 16-23 (chunk 2) hold a value that is no 8-bit level.
  for (let r = 0; r < rows; r++) for (let f = 0; f < r % 7; f++) x[r * features + f] = r >= 16 && r < 24 ? 0.3 : (f + 1) / 255;
  // Two int32 result slots per chunk and a guard pair after them.
  const results = b.arena.int32View(b.arena.reserve((chunks + 1) * 8), 2 * chunks + 2);
  results.fill(-1);
  const call: DatasetListsCall = { pass: LISTS_COUNT, staging: x.byteOffset, rows, features, chunkRows, results: results.byteOffset, starts: 0, index: 0, value: 0 };
  const expected = Array.from({ length: chunks }, (_, c) => {
    const from = c * chunkRows;
    const to = Math.min(rows, from + chunkRows);
    let nonzeros = 0;
    for (let r = from; r < to; r++) nonzeros += r % 7;
    return [nonzeros, c === 2 ? 0 : 1];
  });
  return { call, results, chunks, expected: [...expected.flat(), -1, -1] };
}

/** A gemm of 128×128×128 (just over the sharing threshold) and its bits from one direct call. */
function gemmCall(b: Backend, n = 128) {
  const arrays = [n * n, n * n, n * n, n * n].map((length) => b.arena.float32(length));
  const [a, bm, c, expected] = arrays;
  for (let i = 0; i < n * n; i++) [a[i], bm[i]] = [((i * 7) % 13) - 6, ((i * 5) % 11) / 4];
  b.k.gemm(false, false, n, n, n, 1, a.byteOffset, bm.byteOffset, 0, expected.byteOffset, 0, n, 0, n, b.work);
  const call: GemmCall = { double: false, transA: false, transB: false, m: n, n, k: n, alpha: 1, a: a.byteOffset, b: bm.byteOffset, beta: 0, c: c.byteOffset };
  const same = () => Buffer.from(c.buffer, c.byteOffset, c.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength));
  return { call, c, same };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('kernel threads (helpers played by the test)', () => {
  it('keeps every call on the calling thread before any host configures helpers', () => {
    const b = backend();
    expect(b.threads.mayShare(Number.POSITIVE_INFINITY)).toBe(false);
    const { call, results, expected } = countPass(b);
    expect(b.threads.run(DATASET_LISTS_JOB, call)).toBe(false);
    expect([...results]).toEqual(expected);
    expect(b.threads.calls).toBe(0);
  });

  it('starts the helpers a host asks for (whole ones), once each, and turns them off and on', () => {
    configureKernelThreads(host(-1));
    expect(ports).toHaveLength(0);
    configureKernelThreads(host(2.7));
    expect(ports).toHaveLength(2);
    for (const port of ports) expect(port.source).toBe(helperProgram());
    configureKernelThreads(host(1));
    configureKernelThreads(host(2));
    expect(ports).toHaveLength(2);

    // Off: large calls neither bind nor share; the started helpers are kept.
    configureKernelThreads(host(0));
    const off = backend();
    expect(off.threads.mayShare(THREADED_MIN_WORK)).toBe(false);
    expect(ports.flatMap((port) => port.messages)).toEqual([]);
    // On again: nothing new starts, and the next large call binds.
    configureKernelThreads(host(1));
    expect(ports).toHaveLength(2);
    expect(off.threads.mayShare(THREADED_MIN_WORK)).toBe(false);
    expect(ports.map((port) => port.messages.length)).toEqual([1, 1]);
  });

  it('binds on the first large call: a control block and a gemm workspace per helper of its own, then shares once a helper is ready', () => {
    configureKernelThreads(host(2));
    const b = backend();
    const before = ports.map((port) => port.messages.length);
    expect(b.threads.mayShare(THREADED_MIN_WORK - 1)).toBe(false);
    expect(ports.map((port) => port.messages.length)).toEqual(before);
    expect(b.threads.mayShare(THREADED_MIN_WORK)).toBe(false);
    const messages = ports.map((port) => port.messages.at(-1)!);
    const bytes = gemmWorkspaceBytes(b.k);
    for (const message of messages) expect(message).toEqual({ module: kernelModule(), memory: b.memory, control: messages[0].control, work: expect.any(Number) });
    // The control block after the calling thread's workspace, each helper's workspace after it,
    // none overlapping, and the arena's next reservation after them all.
    const { control } = messages[0];
    expect(control).toBeGreaterThanOrEqual(b.work + bytes);
    const works = messages.map((m) => m.work).sort((x, y) => x - y);
    expect(works[0]).toBeGreaterThanOrEqual(control + CONTROL_INTS * 4);
    works.slice(1).forEach((work, i) => expect(work).toBeGreaterThanOrEqual(works[i] + bytes));
    const next = b.arena.reserve(64);
    expect(next).toBeGreaterThanOrEqual(works.at(-1)! + bytes);
    expect(next).toBeLessThan(works.at(-1)! + bytes + 64);

    const ctrl = b.control();
    expect([ctrl[HEADER.STOP], ctrl[HEADER.READY]]).toEqual([0, 0]);
    // Bound, not ready: alone, and no second bind.
    expect(b.threads.mayShare(THREADED_MIN_WORK)).toBe(false);
    expect(ports.map((port) => port.messages.length)).toEqual(before.map((n) => n + 1));
    Atomics.store(ctrl, HEADER.READY, 1);
    expect(b.threads.mayShare(THREADED_MIN_WORK)).toBe(true);
    expect(b.threads.mayShare(THREADED_MIN_WORK - 1)).toBe(false);
  });

  it('runs a large call alone until the helpers are ready, then publishes it and claims its chunks like a helper', () => {
    configureKernelThreads(host(2));
    const b = backend();
    const { call, results, chunks, expected } = countPass(b);
    const order: string[] = [];
    // The first large call binds and runs alone, `meanwhile` after the chunks.
    expect(b.threads.run(DATASET_LISTS_JOB, call, () => order.push(`meanwhile after ${results[0]}`))).toBe(false);
    expect([...results]).toEqual(expected);
    expect(order).toEqual([`meanwhile after ${expected[0]}`]);
    results.fill(-1);
    expect(b.threads.run(DATASET_LISTS_JOB, call)).toBe(false);
    expect([...results]).toEqual(expected);
    expect(b.threads.calls).toBe(0);

    const ctrl = b.control();
    Atomics.store(ctrl, HEADER.READY, 1);
    const generation = ctrl[HEADER.GEN];
    results.fill(-1);
    const threaded = watched(b, () =>
      b.threads.run(DATASET_LISTS_JOB, call, () => order.push(`meanwhile in generation ${ctrl[HEADER.GEN]} before ${results[0]}`)),
    );
    expect(threaded).toBe(true);
    expect(b.threads.calls).toBe(1);
    expect([...results]).toEqual(expected);
    expect(order[1]).toBe(`meanwhile in generation ${generation + 1} before -1`);
    const { id, layout } = JOB_ENTRIES.get(DATASET_LISTS_JOB)!;
    expect({ job: ctrl[HEADER.JOB], total: ctrl[HEADER.TOTAL], gen: ctrl[HEADER.GEN], ticket: ctrl[HEADER.TICKET], done: ctrl[HEADER.DONE], failed: ctrl[HEADER.FAILED] }).toEqual({
      job: id,
      total: chunks,
      gen: generation + 1,
      ticket: ((generation + 1) << HEADER.CHUNK_BITS) | chunks,
      done: chunks,
      failed: 0,
    });
    const floats = new Float32Array(ctrl.buffer, ctrl.byteOffset, CONTROL_INTS);
    const doubles = new Float64Array(ctrl.buffer, ctrl.byteOffset, CONTROL_INTS / 2);
    expect(decodeArgs(layout, { ints: ctrl, floats, doubles })).toEqual(call);
    // A next job: the next generation, from chunk 0 again.
    results.fill(-1);
    expect(watched(b, () => b.threads.run(DATASET_LISTS_JOB, call))).toBe(true);
    expect([...results]).toEqual(expected);
    expect([ctrl[HEADER.GEN], ctrl[HEADER.DONE], b.threads.calls]).toEqual([generation + 2, chunks, 2]);
  });

  it('waits for a chunk a helper is in the middle of, and never runs a claimed chunk itself', () => {
    configureKernelThreads(host(2));
    const b = backend();
    bindReady(b);
    const { call, results, chunks, expected } = countPass(b);
    const helper = scriptedHelper(b, false);
    let finishedOnReturn = -1;
    expect(watched(b, () => b.threads.run(DATASET_LISTS_JOB, call, () => untilClaimed(helper)) && (finishedOnReturn = Atomics.load(helper, 2)))).toBe(1);
    expect(finishedOnReturn, 'the helper had counted its chunk done when the call returned').toBe(1);
    // It waited asleep, not spinning all along (a core the helper may need).
    expect(Atomics.load(helper, 3), 'the calling thread slept while the helper held its chunk').toBe(1);
    expect(Atomics.load(helper, 1)).toBe(1);
    // Chunk 0 was the helper's (which left it undone); the calling thread ran all the others.
    expect([...results]).toEqual([-1, -1, ...expected.slice(2)]);
    expect(b.control()[HEADER.DONE]).toBe(chunks);
  });

  it('throws when a helper’s chunk failed, once every chunk is done, and the next call runs afresh', () => {
    configureKernelThreads(host(2));
    const b = backend();
    bindReady(b);
    const { call, results, expected } = countPass(b);
    const helper = scriptedHelper(b, true);
    expect(() => watched(b, () => b.threads.run(DATASET_LISTS_JOB, call, () => untilClaimed(helper)))).toThrow(
      new Error("a helper thread failed in chunk 0 of 7 of a dataset lists job (its error is on the helper's console)"),
    );
    expect(Atomics.load(helper, 2)).toBe(1);
    expect([...results]).toEqual([-1, -1, ...expected.slice(2)]);
    expect(watched(b, () => b.threads.run(DATASET_LISTS_JOB, call))).toBe(true);
    expect([...results]).toEqual(expected);
  });

  it('runs optimizer steps with the calling thread’s own step kernels of either dtype, alone and threaded', () => {
    configureKernelThreads(host(2));
    const b = backend();
    bindReady(b);
    const arrays = b.arena.reserve(4 * 4);
    const scalars = b.arena.reserve(6 * 8);
    const pointers = b.arena.int32View(arrays, 4);
    new Float64Array(b.memory.buffer, scalars, 6).set([0.001, 0.9, 0.999, 1e-8, 1 - 0.9 ** 3, 1 - 0.999 ** 3]);
    for (const double of [false, true])
      for (const n of [1001, 65_539]) {
        const step = () => {
          const sets = [0, 1, 2, 3].map((a) => {
            const array = double ? b.arena.float64(n) : b.arena.float32(n);
            for (let i = 0; i < n; i++) array[i] = a < 2 ? ((i * (a + 3)) % 17) - 8 : ((i * (a + 5)) % 13) / 7;
            pointers[a] = array.byteOffset;
            return array;
          });
          return sets;
        };
        const expected = step();
        (double ? b.k.adamStep64 : b.k.adamStep)(arrays, scalars, 0, n);
        const actual = step();
        const before = b.threads.calls;
        watched(b, () => b.threads.run(OPTIMIZER_STEP_JOB, { double, optimizer: 'adam', arrays, scalars, n }));
        expect(b.threads.calls - before, `${n} ${double ? 'float64' : 'float32'} parameters on the threads`).toBe(n > 65_536 ? 1 : 0);
        const bytes = (array: Float32Array | Float64Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
        actual.forEach((array, i) => expect(bytes(array).equals(bytes(expected[i])), `${double ? 'float64' : 'float32'} array ${i} of ${n}`).toBe(true));
        expect(actual[0][0]).not.toBe(-8);
      }
  });

  it('fits the control block’s views in the bytes it reserves, even at the end of the memory', () => {
    configureKernelThreads(host(2));
    const b = backend();
    // The next reservation (the control block at the first bind) ends at the memory's end (its
    // size rounded up to the arena's 64-byte alignment).
    const size = b.memory.buffer.byteLength;
    const block = Math.ceil((CONTROL_INTS * 4) / 64) * 64;
    b.arena.reserve(size - b.arena.reserve(0) - block);
    expect(b.arena.reserve(0)).toBe(size - block);
    expect(b.threads.mayShare(THREADED_MIN_WORK)).toBe(false);
    expect(ports[0].messages.at(-1)).toMatchObject({ memory: b.memory, control: size - block });
  });

  it('keeps small calls, and calls of one chunk, on the calling thread', () => {
    configureKernelThreads(host(2));
    const b = backend();
    bindReady(b);
    const small = gemmCall(b, 64);
    const order: boolean[] = [];
    expect(watched(b, () => b.threads.run(GEMM_JOB, small.call, () => order.push(small.same())))).toBe(false);
    expect(small.same()).toBe(true);
    expect(order).toEqual([true]);
    // Large, but 4 rows and columns: one tile, one chunk.
    const a = b.arena.float32(4 * 65_536);
    const c = b.arena.float32(16);
    const narrow = { ...small.call, m: 4, n: 4, k: 65_536, a: a.byteOffset, b: a.byteOffset, c: c.byteOffset };
    expect(GEMM_JOB.work(narrow)).toBeGreaterThanOrEqual(THREADED_MIN_WORK);
    expect(watched(b, () => b.threads.run(GEMM_JOB, narrow))).toBe(false);
    expect(b.threads.calls).toBe(0);
  });

  it('takes the threads or the calling thread per call shape as their measured times say', () => {
    configureKernelThreads(host(2));
    const b = backend();
    // A threaded call takes 5 ms here and one alone 1 ms, on a clock that moves only in `meanwhile`.
    let now = 1000;
    let alone = 1;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const gemm = gemmCall(b);
    // Calls before the helpers are ready (here 10 ms each) are no measure of the choice.
    expect(b.threads.mayShare(THREADED_MIN_WORK)).toBe(false);
    alone = 10;
    for (let i = 0; i < 3; i++) expect(b.threads.run(GEMM_JOB, gemm.call, () => (now += alone))).toBe(false);
    alone = 1;
    const ctrl = b.control();
    Atomics.store(ctrl, HEADER.READY, 1);
    const run = ({ call, c, same }: ReturnType<typeof gemmCall>) => {
      const generation = ctrl[HEADER.GEN];
      c.fill(0);
      const threaded = b.threads.run(GEMM_JOB, call, () => (now += ctrl[HEADER.GEN] !== generation ? 5 : alone));
      expect(same()).toBe(true);
      return threaded;
    };
    const model = new ThreadChoice();
    const expected = Array.from({ length: 12 }, () => {
      const threaded = model.next();
      model.record(threaded, threaded ? 5 : 1);
      return threaded;
    });
    expect(expected.filter(Boolean).length).toBeGreaterThan(0);
    expect(expected.filter(Boolean).length).toBeLessThan(12);
    const actual = watched(b, () => expected.map(() => run(gemm)));
    expect(actual).toEqual(expected);
    expect(b.threads.calls).toBe(expected.filter(Boolean).length);
    // Another shape has a choice of its own: its first call runs threaded.
    const other = gemmCall(b, 127);
    expect(watched(b, () => run(other))).toBe(true);
    // A kind without a shape always runs threaded when the helpers are ready.
    const lists = countPass(b);
    expect(watched(b, () => [1, 2, 3, 4, 5, 6].map(() => b.threads.run(DATASET_LISTS_JOB, lists.call)))).toEqual([true, true, true, true, true, true]);
    expect([...lists.results]).toEqual(lists.expected);
  });

  it('releases the helpers from the backend they serve when another binds, and rebinds without reserving again', () => {
    configureKernelThreads(host(2));
    const a = backend();
    const ctrlA = bindReady(a);
    const bindA = ports.map((port) => port.messages.at(-1)!);
    const genA = ctrlA[HEADER.GEN];
    const b = backend();
    expect(b.threads.mayShare(THREADED_MIN_WORK)).toBe(false);
    expect(ports.map((port) => port.messages.at(-1)!.memory)).toEqual(ports.map(() => b.memory));
    expect([ctrlA[HEADER.STOP], ctrlA[HEADER.GEN]]).toEqual([1, genA + 1]);
    expect(a.threads.mayShare(THREADED_MIN_WORK)).toBe(false);

    // A binds again: B released, A's STOP and READY cleared, the same control block and workspaces.
    const ctrlB = b.control();
    expect([ctrlB[HEADER.STOP], ctrlB[HEADER.GEN]]).toEqual([1, 1]);
    expect(ports.map((port) => port.messages.at(-1)!)).toEqual(bindA);
    expect([ctrlA[HEADER.STOP], ctrlA[HEADER.READY]]).toEqual([0, 0]);
    const next = a.arena.reserve(64);
    expect(a.arena.reserve(64)).toBe(next + 64);

    // The same helpers configured again change nothing; one more releases A and joins at its next bind.
    Atomics.store(ctrlA, HEADER.READY, 1);
    configureKernelThreads(host(ports.length));
    expect([ctrlA[HEADER.STOP], a.threads.mayShare(THREADED_MIN_WORK)]).toEqual([0, true]);
    configureKernelThreads(host(ports.length + 1));
    expect(ctrlA[HEADER.STOP]).toBe(1);
    expect(a.threads.mayShare(THREADED_MIN_WORK)).toBe(false);
    const rebind = ports.map((port) => port.messages.at(-1)!);
    expect(rebind.slice(0, -1)).toEqual(bindA);
    expect(rebind.at(-1)!.control).toBe(bindA[0].control);
    // The new helper's workspace is the one reservation of this bind.
    expect(rebind.at(-1)!.work).toBeGreaterThanOrEqual(next + 128);
    expect(a.arena.reserve(64)).toBe(rebind.at(-1)!.work + gemmWorkspaceBytes(a.k));
  });
});
