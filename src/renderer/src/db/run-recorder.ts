import type { CheckpointFile } from '../../../shared/schema/checkpoint';
import type { EpochEvent } from '../../../shared/schema/progress';
import type { RunResult } from '../../../shared/schema/protocol';
import type { RunsRepository } from './runs-repository';

// Persists one run as its events arrive. Every epoch is stored; when epochs arrive faster than
// `minIntervalMs` apart they are written together, so a fast run on a tiny dataset costs a few
// transactions per second (and the live views re-render as often) instead of one per epoch. A slow
// run is written epoch by epoch, as soon as each ends. Writes happen strictly in arrival order.

export interface RunRecorder {
  started(): void;
  epoch(event: EpochEvent): void;
  /** Stored after the epochs that arrived before it. */
  checkpoint(checkpoint: CheckpointFile): void;
  /** Resolves once everything, the end included, is stored. */
  end(result: RunResult): Promise<void>;
}

export interface RunRecorderOptions {
  now?: () => number;
  minIntervalMs?: number;
  onWriteError?: (error: unknown) => void;
}

export function createRunRecorder(
  repository: RunsRepository,
  runId: string,
  { now = Date.now, minIntervalMs = 100, onWriteError = (error) => console.error(`Saving run ${runId} failed`, error) }: RunRecorderOptions = {},
): RunRecorder {
  let chain: Promise<void> = Promise.resolve();
  let pending: EpochEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastFlushAt = -Infinity;

  function enqueue(write: () => Promise<void>): Promise<void> {
    chain = chain.then(write).catch(onWriteError);
    return chain;
  }

  function flush(): void {
    timer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    lastFlushAt = now();
    void enqueue(() => repository.appendEpochs(runId, batch));
  }

  return {
    started() {
      void enqueue(() => repository.markStarted(runId, now()));
    },
    epoch(event) {
      pending.push(event);
      if (timer !== undefined) return;
      const wait = lastFlushAt + minIntervalMs - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    checkpoint(checkpoint) {
      clearTimeout(timer);
      flush();
      void enqueue(() => repository.saveCheckpoint(runId, checkpoint));
    },
    end(result) {
      clearTimeout(timer);
      flush();
      return enqueue(() => repository.finish(runId, result, now()));
    },
  };
}
