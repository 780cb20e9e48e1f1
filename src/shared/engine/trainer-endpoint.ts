import { describeIssue, TrainerRequestSchema, type TrainerEvent } from '../schema/protocol';
import type { RunResult } from '../schema/protocol';
import { configureKernelThreads, type KernelThreadHost } from '../nn/kernels/wasm-threads';
import { checkpointFromJson, checkpointToJson } from '../nn/checkpoint-json';
import { runSession } from './session';

// The message loop every training process runs (Electron utility process, browser Web Worker,
// CLI worker thread): validate each request, run the session, post events. One endpoint can hold
// several runs, though the pools give each process one.

/** The app keeps a run's latest checkpoint: every few epochs, but no more than once every few seconds, and at the end. */
const CHECKPOINT_EVERY = { everyEpochs: 5, everySeconds: 3 };

export interface TrainerEndpoint {
  /** Feed one incoming message (unvalidated). */
  handle(message: unknown): void;
}

export interface TrainerEndpointOptions {
  /**
   * How this host starts a kernel helper thread (see KernelThreadHost.spawn); without it every run
   * stays on one thread whatever its request grants.
   */
  spawnKernelHelper?: KernelThreadHost['spawn'];
}

export function createTrainerEndpoint(post: (event: TrainerEvent) => void, { spawnKernelHelper }: TrainerEndpointOptions = {}): TrainerEndpoint {
  const running = new Map<string, AbortController>();

  async function start(request: Extract<ReturnType<typeof TrainerRequestSchema.parse>, { type: 'start' }>) {
    const controller = new AbortController();
    running.set(request.runId, controller);
    post({ type: 'started', runId: request.runId });
    let result: RunResult;
    try {
      // Inside the try: a host that cannot start a thread ends the run as failed, never leaves it without an end.
      if (spawnKernelHelper) configureKernelThreads({ helpers: request.kernelHelpers ?? 0, spawn: spawnKernelHelper });
      result = await runSession(request.experiment, request.dataset, {
        signal: controller.signal,
        initialWeights: request.initialWeights,
        networkViews: true,
        initialEpoch: true,
        onEpoch: (event) => post({ type: 'epoch', runId: request.runId, event }),
        resume: request.resume && checkpointFromJson(request.resume),
        checkpoints: {
          ...CHECKPOINT_EVERY,
          save: (checkpoint) =>
            post({ type: 'checkpoint', runId: request.runId, checkpoint: checkpointToJson(checkpoint, { experiment: request.experiment, inputs: request.dataset.features }) }),
        },
      });
    } catch (error) {
      result = { status: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    running.delete(request.runId);
    post({ type: 'end', runId: request.runId, result });
  }

  return {
    handle(message) {
      const parsed = TrainerRequestSchema.safeParse(message);
      if (!parsed.success) {
        const runId = typeof (message as { runId?: unknown })?.runId === 'string' ? (message as { runId: string }).runId : 'unknown';
        post({ type: 'end', runId, result: { status: 'failed', message: `Invalid training request — ${describeIssue(parsed.error)}` } });
        return;
      }
      const request = parsed.data;
      if (request.type === 'cancel') running.get(request.runId)?.abort();
      else void start(request);
    },
  };
}
