import type { CheckpointFile } from '../../../shared/schema/checkpoint';
import type { EpochEvent } from '../../../shared/schema/progress';
import type { RunResult, StartRunRequest } from '../../../shared/schema/protocol';

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
