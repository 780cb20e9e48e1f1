import type { WasmArena } from './wasm-arena';
import type { KernelExports } from './wasm-module';
import { ThreadChoice } from './thread-choice';
import { runListsChunk, runStep, STEP_KINDS, type StepKind } from './wasm-thread-tasks';

// Large gemm calls — and the zero-skipping products with a sparse input (wasm-sparse.ts), the
// optimizer steps of large layers, and the compression of a dataset into lists
// (wasm-dataset-lists.ts) — split across helper threads that share the wasm memory, so one
// training run can use more than one core. src/shared cannot start threads itself (no `node:`
// imports, and hosts differ), so a host opts in with configureKernelThreads: the CLI and the
// Electron utility process through worker_threads, a browser Web Worker through nested Web
// Workers (which need cross-origin isolation for shared memory). Without it everything runs on
// the calling thread.
//
// How a call is shared: C is cut into chunks of whole rows or columns (aligned to the 4×8
// micro-kernel tile). The calling thread publishes the job in a control block inside the shared
// memory, then claims chunks with compare-and-swap like every helper, and waits only for chunks a
// helper has already started. A helper that is asleep or not scheduled simply claims nothing, so a
// busy machine degrades to one thread instead of stalling. Each element of C is computed the same
// way in whichever chunk and thread (see assembly/gemm.ts), so results are bit-identical to a
// single-threaded run.
//
// Helpers serve one backend (one network's memory) at a time: the first backend with a large
// gemm binds them, and binding another one releases them from the previous memory. Binding is
// asynchronous; calls run single-threaded until a helper reports ready.
//
// Whether threads pay is measured, not assumed: see thread-choice.ts.

export interface KernelThreadHost {
  /** Helper threads to run beside the calling thread; 0 keeps every kernel on the calling thread. */
  helpers: number;
  /**
   * Starts a thread running `source`, a self-contained classic script that takes its work from
   * the messages posted to it: in Node `new Worker(source, { eval: true })` (unref'd, so it never
   * keeps a process alive), in a browser a Worker on a blob: URL of the source.
   */
  spawn(source: string): { postMessage(message: unknown): void };
}

/** m·n·k below which a gemm stays on one thread: ~1M multiply-adds, about 40 µs of work. */
export const THREADED_GEMM_MIN_WORK = 1 << 20;
/**
 * An optimizer step's work per parameter in those units: a step over 65,536 parameters or more
 * (about 40 µs, measured) may be shared.
 */
const STEP_WORK_PER_PARAMETER = 16;
/** Chunks per thread, so faster or earlier threads take over the work of slower ones. */
const CHUNKS_PER_THREAD = 3;
/** Bits of a ticket that count chunks; the rest hold the job generation. */
const CHUNK_BITS = 12;

// Control block, Int32 slots (ALPHA and BETA are read as float32).
const GEN = 0; // bumped to publish a job; helpers sleep on it
const TICKET = 1; // (generation << CHUNK_BITS) | next unclaimed chunk
const DONE = 2; // chunks finished in the current job
const READY = 3; // helpers bound to this memory
const STOP = 4; // set to release the helpers
const TRANS_A = 5;
const TRANS_B = 6;
const M = 7;
const N = 8;
const K = 9;
const A = 10;
const B = 11;
const C = 12;
const SPLIT_ROWS = 13;
const CHUNK = 14;
const TOTAL = 15;
const ALPHA = 16;
const BETA = 17;
const JOB = 18; // JOB_GEMM, JOB_SPARSE, JOB_STEP or JOB_LISTS
// A sparse product's arguments (assembly/sparse.ts, sparseProduct); split by rows or by units.
const BEGINS = 19;
const INDEX = 20;
const VALUE = 21;
const ROWS = 22;
const S = 23;
const UNITS = 24;
const LEN = 25;
const PANELS = 26; // 0: each chunk packs its panels into its own workspace
const OUT = 27;
const LD_OUT = 28;
const UNIT_CHUNK = 29; // a sparse chunk is UNIT_CHUNK units (a whole number of panels) × CHUNK rows
const UNIT_BLOCKS = 30;
const ENDS = 31;
const NARROW = 32; // 1: the lists' indices are uint16
const PALETTE = 33; // not 0: the lists' values are levels read through this palette
// Not 0: chunk 0 of the sparse job sorts its lists by feature (transposeLists) into these.
const SORT_STARTS = 34;
const SORT_CURSOR = 35;
const SORT_INDEX = 36;
const SORT_VALUE = 37;
// An optimizer step's arguments (see runStep): its kind, parameter count, arrays and scalars.
const STEP_KIND = 38;
const STEP_N = 39;
const STEP_ARRAYS = 40; // four pointers
const STEP_SCALARS = 44; // six float64 (twelve slots, 8-byte aligned)
const LISTS_ARGS = 56; // a dataset-lists pass's LISTS_PASS_ARGS ints (see runListsChunk)
const LISTS_PASS_ARGS = 9;
const CONTROL_INTS = LISTS_ARGS + LISTS_PASS_ARGS;
const JOB_GEMM = 0;
const JOB_SPARSE = 1;
const JOB_STEP = 2;
const JOB_LISTS = 3;

/**
 * The program of a helper thread (a plain script, so every host can start it the same way).
 *
 * Each job kind's chunk runs in a function of its own, and the endless loop only waits and claims.
 * That loop is optimized while it runs (on-stack replacement), and it used to hold every job
 * inlined: each job kind's first chunk (the dataset's lists, then the products, then the optimizer
 * steps) threw that code away and compiled all of it again, five times in a run's first epoch at
 * 15–45 ms each, on a core the training needed. Small functions are compiled once each, and
 * reading the arguments from the control block into locals allocates nothing per chunk.
 */
const HELPER_SOURCE = `'use strict';
const runStep = ${runStep.toString()};
const runListsChunk = ${runListsChunk.toString()};
const port = typeof require === 'function' ? require('node:worker_threads').parentPort : null;
const receive = (handler) => (port ? port.on('message', handler) : (self.onmessage = (event) => handler(event.data)));
receive(({ module, memory, control, work }) => {
  const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const ctrl = new Int32Array(memory.buffer, control, ${CONTROL_INTS});
  const real = new Float32Array(memory.buffer, control, ${CONTROL_INTS});
  const stepArrays = ctrl.subarray(${STEP_ARRAYS}, ${STEP_ARRAYS + 4});
  const stepScalars = new Float64Array(memory.buffer, control + ${STEP_SCALARS * 4}, 6);
  const listsArgs = ctrl.subarray(${LISTS_ARGS}, ${LISTS_ARGS + LISTS_PASS_ARGS});
  const gemmChunk = (index) => {
    const chunk = ctrl[${CHUNK}], m = ctrl[${M}], n = ctrl[${N}], rows = ctrl[${SPLIT_ROWS}] !== 0;
    const from = index * chunk, to = Math.min(rows ? m : n, from + chunk);
    const transA = ctrl[${TRANS_A}], transB = ctrl[${TRANS_B}], kk = ctrl[${K}], alpha = real[${ALPHA}], a = ctrl[${A}], b = ctrl[${B}], beta = real[${BETA}], c = ctrl[${C}];
    if (rows) k.gemm(transA, transB, m, n, kk, alpha, a, b, beta, c, from, to, 0, n, work);
    else k.gemm(transA, transB, m, n, kk, alpha, a, b, beta, c, 0, m, from, to, work);
  };
  const sparseChunk = (index) => {
    const begins = ctrl[${BEGINS}], ends = ctrl[${ENDS}], idx = ctrl[${INDEX}], value = ctrl[${VALUE}], palette = ctrl[${PALETTE}], r = ctrl[${ROWS}];
    const sortStarts = ctrl[${SORT_STARTS}];
    const product = sortStarts !== 0 ? index - 1 : index;
    if (product < 0) {
      k.transposeLists(begins, ends, idx, value, palette, r, ctrl[${LEN}], sortStarts, ctrl[${SORT_CURSOR}], ctrl[${SORT_INDEX}], ctrl[${SORT_VALUE}]);
      return;
    }
    const chunk = ctrl[${CHUNK}], units = ctrl[${UNITS}], blocks = ctrl[${UNIT_BLOCKS}], unitChunk = ctrl[${UNIT_CHUNK}], panels = ctrl[${PANELS}];
    const u0 = (product % blocks) * unitChunk, r0 = Math.floor(product / blocks) * chunk;
    k.sparseProduct(begins, ends, idx, value, ctrl[${NARROW}] !== 0, palette, r0, Math.min(r, r0 + chunk), ctrl[${S}], units, ctrl[${LEN}], u0, Math.min(units, u0 + unitChunk), panels || work, panels !== 0, ctrl[${OUT}], ctrl[${LD_OUT}]);
  };
  const stepChunk = (index) => {
    const chunk = ctrl[${CHUNK}], start = index * chunk;
    runStep(k, ctrl[${STEP_KIND}], stepArrays, stepScalars, start, Math.min(ctrl[${STEP_N}], start + chunk));
  };
  /** Claims and runs chunks of job generation gen until none is left. */
  const runJob = (gen) => {
    for (;;) {
      const ticket = Atomics.load(ctrl, ${TICKET});
      if (ticket >>> ${CHUNK_BITS} !== (gen & ${(1 << (32 - CHUNK_BITS)) - 1})) return;
      const index = ticket & ${(1 << CHUNK_BITS) - 1};
      if (index >= ctrl[${TOTAL}]) return;
      if (Atomics.compareExchange(ctrl, ${TICKET}, ticket, ticket + 1) !== ticket) continue;
      // The claim succeeded, so this job is still the published one, and it stays so until this
      // chunk counts as done (the calling thread waits for every chunk): its arguments read now
      // are this chunk's.
      const job = ctrl[${JOB}];
      if (job === ${JOB_GEMM}) gemmChunk(index);
      else if (job === ${JOB_SPARSE}) sparseChunk(index);
      else if (job === ${JOB_STEP}) stepChunk(index);
      else runListsChunk(k, memory, listsArgs, index);
      Atomics.add(ctrl, ${DONE}, 1);
      Atomics.notify(ctrl, ${DONE});
    }
  };
  Atomics.add(ctrl, ${READY}, 1);
  let gen = Atomics.load(ctrl, ${GEN});
  for (;;) {
    // Jobs come in bursts (the large gemms of a training step, a few hundred microseconds apart):
    // watch for the next one for about that long before sleeping.
    for (let spin = 0; spin < 100000 && Atomics.load(ctrl, ${GEN}) === gen; spin++);
    Atomics.wait(ctrl, ${GEN}, gen);
    if (Atomics.load(ctrl, ${STOP}) !== 0) return;
    gen = Atomics.load(ctrl, ${GEN});
    runJob(gen);
  }
});
`;

interface ThreadPool {
  ports: { postMessage(message: unknown): void }[];
  /** false after a later configure call asked for 0 helpers: the threads stay parked. */
  enabled: boolean;
  /** The backend the helpers currently serve. */
  boundTo: GemmThreads | null;
}

let pool: ThreadPool | null = null;

/** The generation after the current one; it fits beside the chunk count in a ticket. */
function nextGeneration(ctrl: Int32Array): number {
  return (Atomics.load(ctrl, GEN) + 1) & ((1 << (32 - CHUNK_BITS)) - 1);
}

/**
 * Turns threaded gemm on with `host.helpers` helper threads, starting those not yet started in
 * this process, or off with helpers: 0 (started threads stay parked, ready to be turned on again:
 * what a benchmark comparing both needs).
 */
export function configureKernelThreads(host: KernelThreadHost): void {
  const helpers = Math.max(0, Math.floor(host.helpers));
  pool ??= { ports: [], enabled: false, boundTo: null };
  if (helpers > pool.ports.length) {
    // New helpers only learn a memory at the next bind, so make the next large gemm bind.
    pool.boundTo?.release();
    pool.boundTo = null;
    while (pool.ports.length < helpers) pool.ports.push(host.spawn(HELPER_SOURCE));
  }
  pool.enabled = helpers > 0;
}

/** Pointers and sizes of one sparseProduct call (see assembly/sparse.ts). */
export interface SparseJob {
  /** Where each list begins and ends in index and value (entry numbers, int32 arrays). */
  begins: number;
  ends: number;
  index: number;
  value: number;
  /** Whether the indices are uint16 (lists by sample) rather than int32. */
  narrow: boolean;
  /** Not 0: the values are 8-bit levels (one byte each) read through this palette (narrow lists only). */
  palette: number;
  /** Lists (rows of the compressed matrix). */
  rows: number;
  /** S, units × len. */
  s: number;
  units: number;
  len: number;
  /** Panels of S already packed (packPanels), or 0 to have each chunk pack its own. */
  panels: number;
  out: number;
  ldOut: number;
  /**
   * Optional: also sort the lists by feature (transposeLists, narrow lists only) into these, as
   * one more chunk of the job — the forward product of a training step, whose weight gradient
   * will need them — so a helper can do that while the other threads multiply.
   */
  sort?: ListSort;
}

/** Where transposeLists writes a narrow job's lists sorted by feature (`len` features). */
export interface ListSort {
  starts: number;
  cursor: number;
  index: number;
  value: number;
}

/** The helper threads of one wasm backend: its control block and a workspace per helper. */
export class GemmThreads {
  private control = 0;
  private ctrl: Int32Array | null = null;
  private real: Float32Array | null = null;
  private stepScalars: Float64Array | null = null;
  /** One gemm workspace per helper, reserved at the first bind. */
  private readonly helperWork: number[] = [];
  /** Calls that ran across threads (for tests and the bench, which report whether threads ran). */
  calls = 0;
  /** How each call shape has fared alone and threaded, by shape. */
  private readonly choices = new Map<string, ThreadChoice>();

  constructor(
    private readonly kernels: KernelExports,
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    private readonly arena: WasmArena,
    /** The calling thread's gemm workspace. */
    private readonly work: number,
  ) {}

  /**
   * Runs C = alpha·op(A)·op(B) + beta·C (pointers into the memory) on the helpers and the calling
   * thread, or on the calling thread alone when that has been faster for this shape; returns
   * false, having done nothing, when threads are off, not ready, or the product is small.
   */
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: number, b: number, beta: number, c: number): boolean {
    // Checked before anything else: most calls of a small network stop here, so they must not
    // pay for a shape key or closures.
    if (!this.mayShare(m * n * k)) return false;
    const choice = this.choiceFor(`${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}${m}×${n}×${k}`);
    const useThreads = choice.next();
    const start = performance.now();
    if (useThreads) this.threadedGemm(transA, transB, m, n, k, alpha, a, b, beta, c);
    else this.kernels.gemm(transA, transB, m, n, k, alpha, a, b, beta, c, 0, m, 0, n, this.work);
    this.recordCall(choice, useThreads, start);
    return true;
  }

  private threadedGemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: number, b: number, beta: number, c: number): void {
    const ctrl = this.ctrl!;
    const real = this.real!;
    const rows = m >= n;
    ctrl[JOB] = JOB_GEMM;
    ctrl[TRANS_A] = transA ? 1 : 0;
    ctrl[TRANS_B] = transB ? 1 : 0;
    ctrl[M] = m;
    ctrl[N] = n;
    ctrl[K] = k;
    ctrl[A] = a;
    ctrl[B] = b;
    ctrl[C] = c;
    real[ALPHA] = alpha;
    real[BETA] = beta;
    const extent = rows ? m : n;
    const align = rows ? 4 : 8;
    const chunk = Math.max(align, Math.ceil(extent / (this.threadCount() * CHUNKS_PER_THREAD) / align) * align);
    ctrl[SPLIT_ROWS] = rows ? 1 : 0;
    ctrl[CHUNK] = chunk;
    this.publish(Math.ceil(extent / chunk));
    this.claim((index) => {
      const from = index * chunk;
      const to = Math.min(extent, from + chunk);
      if (rows) this.kernels.gemm(transA, transB, m, n, k, alpha, a, b, beta, c, from, to, 0, n, this.work);
      else this.kernels.gemm(transA, transB, m, n, k, alpha, a, b, beta, c, 0, m, from, to, this.work);
    });
  }

  /**
   * The zero-skipping product of assembly/sparse.ts, out[u, r] = Σ over list r of value · S[u, index],
   * shared like gemm: by unit panels when each chunk packs its own (`panels` 0), else by list rows,
   * and with the job's `sort` done too. `nonzeros` (list entries) times `units` is its work;
   * returns false, having done nothing, when it should run alone.
   */
  sparseProduct(job: SparseJob, nonzeros: number): boolean {
    if (!this.mayShare(nonzeros * job.units)) return false;
    const { begins, ends, index, value, narrow, palette, rows, s, units, len, panels, out, ldOut, sort } = job;
    const choice = this.choiceFor(`S${panels !== 0 ? 'P' : 'U'}${sort ? 'S' : ''}${rows}×${units}×${len}`);
    const useThreads = choice.next();
    const start = performance.now();
    if (useThreads) this.threadedSparseProduct(job);
    else {
      if (sort) this.kernels.transposeLists(begins, ends, index, value, palette, rows, len, sort.starts, sort.cursor, sort.index, sort.value);
      this.kernels.sparseProduct(begins, ends, index, value, narrow, palette, 0, rows, s, units, len, 0, units, panels || this.work, panels !== 0, out, ldOut);
    }
    this.recordCall(choice, useThreads, start);
    return true;
  }

  private threadedSparseProduct({ begins, ends, index, value, narrow, palette, rows, s, units, len, panels, out, ldOut, sort }: SparseJob): void {
    // Prepacked panels (the weight gradient): chunks of rows, all units each. Otherwise (the
    // forward product) each chunk packs its own panel: chunks of one panel × a share of the rows,
    // so a few panels still spread evenly over the threads.
    const packed = panels !== 0;
    const ctrl = this.ctrl!;
    const unitChunk = packed ? units : this.kernels.sparsePanelUnits();
    const unitBlocks = Math.ceil(units / unitChunk);
    const rowBlocks = Math.min(rows, Math.ceil((this.threadCount() * CHUNKS_PER_THREAD) / unitBlocks));
    const rowChunk = Math.ceil(rows / rowBlocks);
    ctrl[JOB] = JOB_SPARSE;
    ctrl[BEGINS] = begins;
    ctrl[ENDS] = ends;
    ctrl[INDEX] = index;
    ctrl[VALUE] = value;
    ctrl[NARROW] = narrow ? 1 : 0;
    ctrl[PALETTE] = palette;
    ctrl[ROWS] = rows;
    ctrl[S] = s;
    ctrl[UNITS] = units;
    ctrl[LEN] = len;
    ctrl[PANELS] = panels;
    ctrl[OUT] = out;
    ctrl[LD_OUT] = ldOut;
    ctrl[UNIT_CHUNK] = unitChunk;
    ctrl[UNIT_BLOCKS] = unitBlocks;
    ctrl[CHUNK] = rowChunk;
    // The sort, when asked for, is chunk 0: the longest chunk goes first, so the others even out
    // around it.
    ctrl[SORT_STARTS] = sort?.starts ?? 0;
    ctrl[SORT_CURSOR] = sort?.cursor ?? 0;
    ctrl[SORT_INDEX] = sort?.index ?? 0;
    ctrl[SORT_VALUE] = sort?.value ?? 0;
    const first = sort ? 1 : 0;
    this.publish(first + unitBlocks * Math.ceil(rows / rowChunk));
    this.claim((claimed) => {
      const chunk = claimed - first;
      if (chunk < 0) {
        this.kernels.transposeLists(begins, ends, index, value, palette, rows, len, sort!.starts, sort!.cursor, sort!.index, sort!.value);
        return;
      }
      const u0 = (chunk % unitBlocks) * unitChunk;
      const r0 = Math.floor(chunk / unitBlocks) * rowChunk;
      this.kernels.sparseProduct(begins, ends, index, value, narrow, palette, r0, Math.min(rows, r0 + rowChunk), s, units, len, u0, Math.min(units, u0 + unitChunk), panels || this.work, packed, out, ldOut);
    });
  }

  /**
   * An optimizer step over `n` parameters (arrays: param, grad, then the kind's state: velocity;
   * mean square; m and v), split into ranges across the threads when it is large enough to pay;
   * false, having done nothing, when it should run alone. Scalars: the kind's arguments after n,
   * in order (nesterov as 0 or 1).
   */
  step(kind: StepKind, arrays: number[], n: number, scalars: number[]): boolean {
    // An update reads and writes about four floats per parameter: cheap work per element.
    if (!this.mayShare(n * STEP_WORK_PER_PARAMETER)) return false;
    const id = STEP_KINDS.indexOf(kind);
    const choice = this.choiceFor(`O${id}×${n}`);
    const useThreads = choice.next();
    const start = performance.now();
    if (useThreads) {
      const ctrl = this.ctrl!;
      ctrl[JOB] = JOB_STEP;
      ctrl[STEP_KIND] = id;
      ctrl[STEP_N] = n;
      for (let i = 0; i < 4; i++) ctrl[STEP_ARRAYS + i] = arrays[i] ?? 0;
      this.stepScalars!.set(scalars);
      // Whole vectors of four per chunk, so only the last chunk has a scalar tail.
      const chunk = Math.ceil(n / (this.threadCount() * CHUNKS_PER_THREAD) / 4) * 4;
      ctrl[CHUNK] = chunk;
      this.publish(Math.ceil(n / chunk));
      this.claim((index) => runStep(this.kernels, id, arrays, scalars, index * chunk, Math.min(n, (index + 1) * chunk)));
    } else runStep(this.kernels, id, arrays, scalars, 0, n);
    this.recordCall(choice, useThreads, start);
    return true;
  }

  /**
   * A pass of building a dataset's lists (runListsChunk) over `chunks` chunks of a staged block,
   * on the threads; false, having done nothing, when they are not ready. The first call binds the
   * helpers to this memory, so they join within a few blocks. `meanwhile` runs on the calling
   * thread once the helpers have the job and before it takes chunks itself (staging the next
   * block), so they compress while it copies.
   */
  listsPass(args: number[], chunks: number, meanwhile?: () => void): boolean {
    if (!this.mayShare(Number.MAX_SAFE_INTEGER) || chunks < 2) return false;
    const ctrl = this.ctrl!;
    ctrl[JOB] = JOB_LISTS;
    for (let i = 0; i < LISTS_PASS_ARGS; i++) ctrl[LISTS_ARGS + i] = args[i];
    this.publish(chunks);
    meanwhile?.();
    this.claim((chunk) => runListsChunk(this.kernels, this.memory, args, chunk));
    this.calls++;
    return true;
  }

  /**
   * Whether a product of this much work may be shared: threads on and ready for this backend, and
   * the work large enough. The first large product binds the helpers (and still runs alone).
   */
  private mayShare(work: number): boolean {
    if (work < THREADED_GEMM_MIN_WORK || !pool?.enabled || pool.ports.length === 0) return false;
    if (pool.boundTo !== this) {
      this.bind(pool);
      return false;
    }
    return Atomics.load(this.ctrl!, READY) !== 0;
  }

  /** The calling thread and the helpers. */
  private threadCount(): number {
    return pool!.ports.length + 1;
  }

  /** Records how long a call that started at `start` took, and counts it when it ran threaded. */
  private recordCall(choice: ThreadChoice, threaded: boolean, start: number): void {
    choice.record(threaded, performance.now() - start);
    if (threaded) this.calls++;
  }

  private choiceFor(shape: string): ThreadChoice {
    let choice = this.choices.get(shape);
    if (!choice) this.choices.set(shape, (choice = new ThreadChoice()));
    return choice;
  }

  /** Publishes the job whose arguments are in the control block, cut into `total` chunks. */
  private publish(total: number): void {
    const ctrl = this.ctrl!;
    ctrl[TOTAL] = total;
    const generation = nextGeneration(ctrl);
    Atomics.store(ctrl, DONE, 0);
    Atomics.store(ctrl, TICKET, generation << CHUNK_BITS);
    Atomics.store(ctrl, GEN, generation);
    Atomics.notify(ctrl, GEN);
  }

  /** Claims chunks of the published job alongside the helpers, then waits for theirs. */
  private claim(compute: (chunk: number) => void): void {
    const ctrl = this.ctrl!;
    const total = ctrl[TOTAL];
    for (;;) {
      const ticket = Atomics.load(ctrl, TICKET);
      const index = ticket & ((1 << CHUNK_BITS) - 1);
      if (index >= total) break;
      if (Atomics.compareExchange(ctrl, TICKET, ticket, ticket + 1) !== ticket) continue;
      compute(index);
      Atomics.add(ctrl, DONE, 1);
    }
    // Only chunks a helper is in the middle of remain (tens of microseconds each). Spin for up to
    // about a millisecond before sleeping: on a busy machine a thread that sleeps can wait far
    // longer than that to get a core back.
    for (let spin = 0; spin < 1000000 && Atomics.load(ctrl, DONE) < total; spin++);
    for (let done = Atomics.load(ctrl, DONE); done < total; done = Atomics.load(ctrl, DONE)) Atomics.wait(ctrl, DONE, done);
  }

  /** Takes the helpers over from the backend they served, and sends them this memory. */
  private bind(threads: ThreadPool): void {
    threads.boundTo?.release();
    threads.boundTo = this;
    if (!this.ctrl) {
      this.control = this.arena.reserve(CONTROL_INTS * 4);
      this.ctrl = new Int32Array(this.memory.buffer, this.control, CONTROL_INTS);
      this.real = new Float32Array(this.memory.buffer, this.control, CONTROL_INTS);
      this.stepScalars = new Float64Array(this.memory.buffer, this.control + STEP_SCALARS * 4, 6);
    }
    while (this.helperWork.length < threads.ports.length) this.helperWork.push(this.arena.reserve(this.kernels.gemmWorkspaceBytes()));
    Atomics.store(this.ctrl, STOP, 0);
    Atomics.store(this.ctrl, READY, 0);
    threads.ports.forEach((port, i) => port.postMessage({ module: this.module, memory: this.memory, control: this.control, work: this.helperWork[i] }));
  }

  /** Lets the helpers leave this memory (they then take the next bind message). */
  release(): void {
    const ctrl = this.ctrl!;
    Atomics.store(ctrl, STOP, 1);
    Atomics.store(ctrl, GEN, nextGeneration(ctrl));
    Atomics.notify(ctrl, GEN);
  }
}
