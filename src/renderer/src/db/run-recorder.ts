import type { CheckpointFile } from '../../../shared/schema/checkpoint';
import type { EpochEvent } from '../../../shared/schema/progress';
import type { RunResult } from '../../../shared/schema/protocol';
import type { RunsRepository } from './runs-repository';

// Persists one run as its events arrive, keeping up with a run of thousands of epochs a second on a
// busy machine. Every epoch is stored. At most one write is in flight: what arrives meanwhile waits
// and goes into the next write, one transaction whatever its size, so a slow database makes writes
// bigger, never a backlog (a queue of one write per interval fell seconds behind, and a cancelled
// run showed "Training" until the writes before its end had all gone through). Writes are at least
// `minIntervalMs` apart, since each one re-renders the live views; a run's end is written as soon
// as the write in flight is done, with the epochs still waiting, in one transaction.

export interface RunRecorder {
  started(): void;
  epoch(event: EpochEvent): void;
  /** Stored with or after the epochs that arrived before it. */
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
  let startedAt: number | undefined;
  let epochs: EpochEvent[] = [];
  let checkpoint: CheckpointFile | undefined;
  let end: { result: RunResult; at: number; stored: () => void } | undefined;
  let writing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastWriteAt = -Infinity;

  /** Writes everything waiting, in one transaction; then what arrived meanwhile, when due. */
  function write(): void {
    clearTimeout(timer);
    timer = undefined;
    if (writing || (startedAt === undefined && epochs.length === 0 && !checkpoint && !end)) return;
    const batch = { startedAt, epochs, checkpoint, end };
    startedAt = undefined;
    epochs = [];
    checkpoint = undefined;
    end = undefined;
    writing = true;
    lastWriteAt = now();
    repository
      .record(runId, { startedAt: batch.startedAt, epochs: batch.epochs, checkpoint: batch.checkpoint, end: batch.end && { result: batch.end.result, at: batch.end.at } })
      .catch(onWriteError)
      .finally(() => {
        writing = false;
        batch.end?.stored();
        schedule();
      });
  }

  /** A start or an end is written at once (after the write in flight); epochs wait for the interval. */
  function schedule(): void {
    if (writing || timer !== undefined) return;
    const wait = startedAt !== undefined || end ? 0 : lastWriteAt + minIntervalMs - now();
    if (wait <= 0) write();
    else if (epochs.length > 0 || checkpoint) timer = setTimeout(write, wait);
  }

  return {
    started() {
      startedAt = now();
      schedule();
    },
    epoch(event) {
      epochs.push(event);
      schedule();
    },
    checkpoint(next) {
      // Only the newest matters: the repository keeps one checkpoint per run.
      checkpoint = next;
      schedule();
    },
    end(result) {
      return new Promise((resolve) => {
        end = { result, at: now(), stored: resolve };
        clearTimeout(timer);
        timer = undefined;
        schedule();
      });
    },
  };
}
