import { OPTIMIZER_NAMES } from '../../schema/names';
import type { WasmArena } from './wasm-arena';
import { claimChunks, decodeArgs, HEADER, nextGeneration, publishJob, type ControlViews } from './wasm-control-block';
import { helperProgram } from './wasm-helper-program';
import { stepKernels, type ArgsOf, type ChunkPlace, type Fields, type JobKind } from './wasm-job-kind';
import { CONTROL_INTS, JOB_ENTRIES } from './wasm-jobs';
import { gemmWorkspaceBytes, type KernelExports } from './wasm-module';
import { ThreadChoice } from './thread-choice';

// Large kernel calls — products, optimizer steps of large layers, the compression of a dataset into
// lists: the kinds of wasm-jobs.ts — split across helper threads that share the wasm memory, so one
// training run can use more than one core. src/shared cannot start threads itself (no `node:`
// imports, and hosts differ), so a host opts in with configureKernelThreads: the CLI and the
// Electron utility process through worker_threads, a browser Web Worker through nested Web
// Workers (which need cross-origin isolation for shared memory). Without it everything runs on
// the calling thread.
//
// How a call is shared: its kind cuts it into chunks, the calling thread publishes it in the
// control block (wasm-control-block.ts), then claims chunks like every helper, and waits only for
// chunks a helper has already started. A helper that is asleep or not scheduled simply claims
// nothing, so a busy machine degrades to one thread instead of stalling. Every kind's chunks give
// the bits of one call whatever the split and the thread.
//
// Helpers serve one backend (one network's memory) at a time: the first backend with a large call
// binds them, and binding another one releases them from the previous memory. Binding is
// asynchronous; calls run on the calling thread until a helper reports ready.
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

/** Work (multiply-adds, or the like) below which a call stays on the calling thread: about 40 µs. */
export const THREADED_MIN_WORK = 1 << 20;

interface ThreadPool {
  ports: { postMessage(message: unknown): void }[];
  /** false after a later configure call asked for 0 helpers: the threads stay parked. */
  enabled: boolean;
  /** The backend the helpers currently serve. */
  boundTo: KernelThreads | null;
}

let pool: ThreadPool | null = null;

/**
 * Turns the helper threads on with `host.helpers` of them, starting those not yet started in this
 * process, or off with helpers: 0 (started threads stay parked, ready to be turned on again: what
 * a benchmark comparing both needs).
 */
export function configureKernelThreads(host: KernelThreadHost): void {
  const helpers = Math.max(0, Math.floor(host.helpers));
  pool ??= { ports: [], enabled: false, boundTo: null };
  if (helpers > pool.ports.length) {
    // New helpers only learn a memory at the next bind, so make the next large call bind.
    pool.boundTo?.release();
    pool.boundTo = null;
    while (pool.ports.length < helpers) pool.ports.push(host.spawn(helperProgram()));
  }
  pool.enabled = helpers > 0;
}

/** The helper threads of one wasm backend: its control block and a workspace per helper. */
export class KernelThreads {
  private control = 0;
  private views: ControlViews | null = null;
  /** One gemm workspace per helper, reserved at the first bind. */
  private readonly helperWork: number[] = [];
  /** What the calling thread's chunks use. */
  private readonly place: ChunkPlace;
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
    work: number,
  ) {
    this.place = { memory, work, steps: stepKernels(kernels, OPTIMIZER_NAMES, ''), steps64: stepKernels(kernels, OPTIMIZER_NAMES, '64') };
  }

  /**
   * Runs a call of job kind `kind` on the helpers and the calling thread, or on the calling thread
   * alone (as one chunk, or the few its kind needs) when threads are off or not ready, when the
   * call is small, or when that has been faster for its shape; returns whether it ran threaded.
   * `meanwhile` runs on the calling thread once the helpers have the job and before it takes
   * chunks itself (alone: after the call).
   */
  run<F extends Fields, Call>(kind: JobKind<F, Call>, call: Call, meanwhile?: () => void): boolean {
    const threads = this.mayShare(kind.work(call)) ? this.threadCount() : 1;
    const plan = threads > 1 ? kind.plan(call, threads, this.kernels) : null;
    // A call of one chunk gains nothing from the threads (and its shape keeps no times).
    const shared = plan !== null && plan.total > 1;
    const choice = shared && kind.shape ? this.choiceFor(kind.shape(call)) : null;
    const threaded = shared && (choice?.next() ?? true);
    const start = choice ? performance.now() : 0;
    if (threaded) this.runThreaded(kind, plan, meanwhile);
    else {
      const alone = kind.plan(call, 1, this.kernels);
      for (let chunk = 0; chunk < alone.total; chunk++) kind.chunk(this.kernels, alone.args, chunk, this.place);
      meanwhile?.();
    }
    choice?.record(threaded, performance.now() - start);
    if (threaded) this.calls++;
    return threaded;
  }

  /**
   * Whether a call of this much work may be shared: threads on and ready for this backend, and the
   * work large enough. The first large call binds the helpers (and still runs alone).
   */
  mayShare(work: number): boolean {
    // Enabled means helpers: configureKernelThreads enables only with at least one.
    if (work < THREADED_MIN_WORK || !pool?.enabled) return false;
    if (pool.boundTo !== this) {
      this.bind(pool);
      return false;
    }
    return Atomics.load(this.views!.ints, HEADER.READY) !== 0;
  }

  /** Publishes the job, claims chunks alongside the helpers, then waits for theirs; throws if one of theirs failed. */
  private runThreaded<F extends Fields, Call>(kind: JobKind<F, Call>, { args, total }: { args: ArgsOf<F>; total: number }, meanwhile?: () => void): void {
    const views = this.views!;
    const ctrl = views.ints;
    const { id, layout } = JOB_ENTRIES.get(kind)!;
    const generation = publishJob(views, id, layout, args, total);
    meanwhile?.();
    // The chunks here read the arguments as the helpers do: from the control block.
    const stored = decodeArgs(layout, views) as ArgsOf<F>;
    claimChunks(ctrl, HEADER, generation, (chunk) => kind.chunk(this.kernels, stored, chunk, this.place));
    // Only chunks a helper is in the middle of remain (tens of microseconds each). Spin for up to
    // about a millisecond before sleeping: on a busy machine a thread that sleeps can wait far
    // longer than that to get a core back.
    for (let spin = 0; spin < 1000000 && Atomics.load(ctrl, HEADER.DONE) < total; spin++);
    for (let done = Atomics.load(ctrl, HEADER.DONE); done < total; done = Atomics.load(ctrl, HEADER.DONE)) Atomics.wait(ctrl, HEADER.DONE, done);
    const failed = Atomics.load(ctrl, HEADER.FAILED);
    if (failed !== 0) throw new Error(`a helper thread failed in chunk ${failed - 1} of ${total} of a ${kind.name} job (its error is on the helper's console)`);
  }

  /** The calling thread and the helpers. */
  private threadCount(): number {
    return pool!.ports.length + 1;
  }

  private choiceFor(shape: string): ThreadChoice {
    let choice = this.choices.get(shape);
    if (!choice) this.choices.set(shape, (choice = new ThreadChoice()));
    return choice;
  }

  /** Takes the helpers over from the backend they served, and sends them this memory. */
  private bind(threads: ThreadPool): void {
    threads.boundTo?.release();
    threads.boundTo = this;
    if (!this.views) {
      this.control = this.arena.reserve(CONTROL_INTS * 4);
      const buffer = this.memory.buffer;
      this.views = {
        ints: new Int32Array(buffer, this.control, CONTROL_INTS),
        floats: new Float32Array(buffer, this.control, CONTROL_INTS),
        doubles: new Float64Array(buffer, this.control, CONTROL_INTS / 2),
      };
    }
    while (this.helperWork.length < threads.ports.length) this.helperWork.push(this.arena.reserve(gemmWorkspaceBytes(this.kernels)));
    Atomics.store(this.views.ints, HEADER.STOP, 0);
    Atomics.store(this.views.ints, HEADER.READY, 0);
    threads.ports.forEach((port, i) => port.postMessage({ module: this.module, memory: this.memory, control: this.control, work: this.helperWork[i] }));
  }

  /** Lets the helpers leave this memory (they then take the next bind message). */
  release(): void {
    const ctrl = this.views!.ints;
    Atomics.store(ctrl, HEADER.STOP, 1);
    Atomics.store(ctrl, HEADER.GEN, nextGeneration(ctrl));
    Atomics.notify(ctrl, HEADER.GEN);
  }
}
