import Dexie, { type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { Experiment } from '../../../shared/schema/experiment';
import type { EpochEvent, RunEndStatus, SplitMetrics } from '../../../shared/schema/progress';
import type { WeightsFile } from '../../../shared/schema/weights';

// The app's IndexedDB database: every table, its record type, and the whole schema history.
// A released version is never edited: a change adds `this.version(n + 1)` below the others, with an
// `.upgrade()` that migrates existing records, so a user's runs survive every update of the app.

/** Where a run stands. `interrupted`: the page or app closed while it was queued or training. */
export type RunStatus = 'queued' | 'running' | RunEndStatus | 'interrupted';

export interface RunRecord {
  id: string;
  name: string;
  /** Milliseconds since the Unix epoch, like every timestamp here. */
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  status: RunStatus;
  /** The experiment exactly as trained (defaults filled in), so the run can be repeated from it. */
  experiment: Experiment;
  datasetName: string;
  /** Which host trained it. */
  host: 'browser' | 'electron';
  totalEpochs: number;
  epochsDone: number;
  /** Metrics of the last completed epoch: the final metrics once the run has ended. */
  metrics?: { train: SplitMetrics; validation?: SplitMetrics; seconds: number };
  /** Why the run failed, stopped early or was interrupted. */
  message?: string;
  bestEpoch?: number;
}

/** One epoch of a run's metric history, stored as the engine reported it. */
export interface EpochRecord {
  runId: string;
  epoch: number;
  event: EpochEvent;
}

/** Kept apart from RunRecord so listing runs never loads weight matrices. */
export interface RunWeightsRecord {
  runId: string;
  final?: WeightsFile;
  /** Weights at `RunRecord.bestEpoch`. */
  best?: WeightsFile;
}

export const DATABASE_NAME = 'nn-workbench';

export class WorkbenchDatabase extends Dexie {
  runs!: EntityTable<RunRecord, 'id'>;
  epochs!: Table<EpochRecord, [string, number]>;
  runWeights!: EntityTable<RunWeightsRecord, 'runId'>;

  /** `options` lets tests pass fake-indexeddb. */
  constructor(name: string = DATABASE_NAME, options?: DexieOptions) {
    super(name, options);

    // v1 (0.1.0): runs with their per-epoch history and weights.
    this.version(1).stores({
      runs: 'id, createdAt, status',
      epochs: '[runId+epoch]',
      runWeights: 'runId',
    });
  }
}
