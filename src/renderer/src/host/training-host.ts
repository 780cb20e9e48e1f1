import type { CheckpointFile } from '../../../shared/schema/checkpoint';
import type { EpochEvent } from '../../../shared/schema/progress';
import type { RunResult, StartRunRequest, TrainerEvent } from '../../../shared/schema/protocol';

// What the UI sees of "somewhere that trains": the Electron utility-process pool or the browser's
// Web Workers. The renderer never knows which one it has.

export interface RunListener {
  /** The run left the queue and its process is training. */
  onStarted?(): void;
  onEpoch(event: EpochEvent): void;
  /** The run's latest checkpoint (validated, sizes checked against its experiment). */
  onCheckpoint?(checkpoint: CheckpointFile): void;
  /** Always called exactly once: done, stopped early, cancelled or failed (with a reason). */
  onEnd(result: RunResult): void;
}

export interface TrainingHost {
  readonly kind: 'electron' | 'browser';
  /** Queue a run; runs beyond the host's parallelism wait their turn. */
  start(request: Omit<StartRunRequest, 'type'>, listener: RunListener): void;
  cancel(runId: string): void;
}

/** Hand one of a run's (already validated) events to its listener. */
export function deliverTrainerEvent(listener: RunListener, event: TrainerEvent): void {
  if (event.type === 'started') listener.onStarted?.();
  else if (event.type === 'epoch') listener.onEpoch(event.event);
  else if (event.type === 'checkpoint') listener.onCheckpoint?.(event.checkpoint);
  else listener.onEnd(event.result);
}
