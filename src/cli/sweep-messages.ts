import type { Experiment } from '../shared/schema/experiment';
import type { RunResult } from '../shared/schema/protocol';

// What the sweep command and its worker processes say to each other. Both ends are this program,
// started by the same user, so plain types suffice (no schema): nothing here crosses a trust boundary.

export interface SweepJob {
  /** Identifies the job's answers. */
  id: number;
  experiment: Experiment;
  /** Where the worker writes the run's weights JSON, if anywhere. */
  weightsPath?: string;
  /** Where the worker writes the run's epoch events (JSON lines), if anywhere. */
  historyPath?: string;
}

export type WorkerRequest = { type: 'run'; job: SweepJob } | { type: 'cancel' };

export interface JobOutcome {
  status: RunResult['status'];
  message?: string;
  epochs: number;
  bestEpoch?: number;
  final?: Record<string, number>;
  best?: Record<string, number>;
  seconds: number;
  /** Set when the weights file was written. */
  weightsPath?: string;
  /** Set when the history file was written. */
  historyPath?: string;
}

/**
 * `done`: the run ended, however training went (a diverged run is a result). `error`: the worker
 * could not do its part (a dataset it cannot load, weights it cannot write), which ends the sweep.
 */
export type WorkerReply =
  | { type: 'epoch'; id: number; epoch: number; epochs: number }
  | { type: 'done'; id: number; outcome: JobOutcome }
  | { type: 'error'; id: number; message: string };
