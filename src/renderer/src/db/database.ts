import Dexie, { type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { ChunkLayout, DatasetChunk } from '../../../shared/data/dataset-chunks';
import type { ImportReport } from '../../../shared/data/dataset-builder';
import type { Normalization, Task } from '../../../shared/data/dataset';
import type { ImportPlan } from '../../../shared/data/import-plan';
import type { ForkChange } from '../../../shared/engine/fork';
import type { CheckpointFile } from '../../../shared/schema/checkpoint';
import type { Experiment, ExperimentInput } from '../../../shared/schema/experiment';
import type { EpochEvent, NetworkView, RunEndStatus, SplitMetrics } from '../../../shared/schema/progress';
import type { Sweep } from '../../../shared/schema/sweep';
import type { WeightsFile } from '../../../shared/schema/weights';
import { chunkStoredDatasets } from './chunk-stored-datasets';

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
  /** Which host trained it; `cli`: the command line (a sweep's run attached from its weights folder). */
  host: 'browser' | 'electron' | 'cli';
  totalEpochs: number;
  epochsDone: number;
  /** Metrics of the last completed epoch: the final metrics once the run has ended. */
  metrics?: { train: SplitMetrics; validation?: SplitMetrics; seconds: number };
  /** Why the run failed, stopped early or was interrupted. */
  message?: string;
  bestEpoch?: number;
  /** The saved experiment the run was started from (v3); absent for runs from the quick form. */
  experimentId?: string;
  /** The run whose weights this one continued from (v3). */
  continuedFrom?: string;
  /** Continued from `continuedFrom`'s checkpoint of this epoch (v5): its epochs count on from here. */
  resumedFromEpoch?: number;
  /** A fork: the settings it changed from the checkpoint's experiment (not indexed, so no schema version). */
  forkChanges?: ForkChange[];
  /**
   * A run of the command line attached from a sweep's weights folder that trained on a file (this
   * path): the app evaluates its weights on its own copy of the data, but cannot train it again.
   */
  cliDataset?: string;
  /** Free labels and notes the user adds (v3). */
  tags?: string[];
  notes?: string;
}

/** One epoch of a run's metric history, stored as the engine reported it. */
export interface EpochRecord {
  runId: string;
  epoch: number;
  event: EpochEvent;
}

/**
 * A look into the network that came with an epoch (v3), kept apart from the epoch's metrics so
 * reading metric histories (charts, comparisons) never loads histograms and decision grids.
 */
export interface RunViewRecord {
  runId: string;
  epoch: number;
  view: NetworkView;
}

/** A run's latest checkpoint (v5), apart from the run so listing runs never loads it. */
export interface RunCheckpointRecord {
  runId: string;
  checkpoint: CheckpointFile;
}

/** Kept apart from RunRecord so listing runs never loads weight matrices. */
export interface RunWeightsRecord {
  runId: string;
  final?: WeightsFile;
  /** Weights at `RunRecord.bestEpoch`. */
  best?: WeightsFile;
}

/**
 * Where a stored dataset came from: enough to show the user what was imported and how, and to
 * repeat the import. Each kind carries its own import report.
 */
export type DatasetSource =
  | { kind: 'csv'; fileName: string; plan: ImportPlan; report: ImportReport }
  | { kind: 'idx'; imagesFile: string; labelsFile: string; report: { images: number; height: number; width: number } }
  | { kind: 'images'; folder: string; report: ImageImportSummary };

/** What an image-folder import did: the geometry chosen, images per class, every file left out by name. */
export interface ImageImportSummary {
  /** Side of the square images. */
  size: number;
  color: 'grayscale' | 'rgb';
  images: number;
  perClass: { name: string; images: number }[];
  /** Files that were not imported, with why (not an image, could not be decoded, too large, …). */
  skipped: { path: string; reason: string }[];
  /** Class folders without a single usable image (left out of the classes). */
  emptyClasses: string[];
  /** Images with transparent pixels and what they were composited onto (absent in imports before it was counted). */
  transparent?: { images: number; background: 'white' | 'black' };
}

/** A stored dataset's description: everything the lists and forms show, without the numbers. */
export interface DatasetRecord {
  id: string;
  name: string;
  createdAt: number;
  source: DatasetSource;
  rows: number;
  features: number;
  task: Task;
  /** Class names (classification) with their row counts, in label order. */
  classes?: { name: string; rows: number }[];
  /** Regression target names. */
  targetNames?: string[];
  normalization: Normalization;
  /** Rows per part when the dataset has a fixed split. */
  split?: { train: number; validation: number; test: number };
  dtype: 'float32' | 'float64';
  /** Bytes of the numbers as stored (`storedBytes`): the size every screen shows. */
  bytes: number;
}

/**
 * A stored dataset's names, fixed split and how its rows are stored (v6: the rows themselves are
 * DatasetChunkRecords), apart from its record so that listing datasets never loads them.
 */
export interface DatasetDataRecord {
  datasetId: string;
  featureNames: string[];
  layout: ChunkLayout;
  /** Int32 row indices of each part. */
  split?: { train: ArrayBuffer; validation: ArrayBuffer; test?: ArrayBuffer };
}

/** A block of a dataset's rows (v6): chunk `index` of `DatasetDataRecord.layout`. */
export interface DatasetChunkRecord extends DatasetChunk {
  datasetId: string;
  index: number;
}

/** A saved experiment (v3). Holds the experiment as written, which may not be valid yet. */
export interface ExperimentRecord {
  id: string;
  name: string;
  notes: string;
  createdAt: number;
  updatedAt: number;
  experiment: ExperimentInput;
}

/** Where a sweep stands: `paused` starts no new runs; a `running` sweep resumes after a restart. */
export type SweepStatus = 'running' | 'paused' | 'done' | 'cancelled';

/** A sweep (v4): its definition and where it stands; its runs are SweepRunRecords. */
export interface SweepRecord {
  id: string;
  name: string;
  createdAt: number;
  endedAt?: number;
  status: SweepStatus;
  /** The sweep as parsed (every default filled in). */
  definition: Sweep;
  /** Id of the definition (sweep-plan.ts), shared with CLI result files of the same sweep. */
  planId: string;
  total: number;
  combinations: number;
  /** Imported from a results file rather than trained here. */
  imported?: boolean;
  /** Milliseconds spent running before `activeSince` (pauses excluded), for the time left. */
  activeMs?: number;
  /** When the sweep last started or resumed running. */
  activeSince?: number;
  /** Imported: plan indexes of the runs the imported files did not have (other shards, not run yet). */
  missing?: number[];
  /** Imported: the results files imported into it, in order. */
  importedFiles?: string[];
}

/** Where one run of a sweep stands: `pending` until launched, then its run's end status. */
export type SweepRunStatus = 'pending' | 'running' | RunEndStatus | 'interrupted';

export interface SweepRunRecord {
  sweepId: string;
  index: number;
  key: string;
  configKey: string;
  config: Record<string, unknown>;
  repeat: number;
  experiment: Experiment;
  status: SweepRunStatus;
  /** The run in the runs table, once launched. */
  runId?: string;
  message?: string;
  epochs?: number;
  final?: Record<string, number>;
  best?: Record<string, number>;
  seconds?: number;
  /** Successive halving: the rung (index into the rung epochs) this run trains to next or last trained to. */
  rung?: number;
  /** Successive halving: stopped for good after this many epochs. */
  prunedAt?: number;
}

export const DATABASE_NAME = 'nn-workbench';

export class WorkbenchDatabase extends Dexie {
  runs!: EntityTable<RunRecord, 'id'>;
  epochs!: Table<EpochRecord, [string, number]>;
  runWeights!: EntityTable<RunWeightsRecord, 'runId'>;
  datasets!: EntityTable<DatasetRecord, 'id'>;
  datasetData!: EntityTable<DatasetDataRecord, 'datasetId'>;
  experiments!: EntityTable<ExperimentRecord, 'id'>;
  runViews!: Table<RunViewRecord, [string, number]>;
  sweeps!: EntityTable<SweepRecord, 'id'>;
  sweepRuns!: Table<SweepRunRecord, [string, number]>;
  runCheckpoints!: EntityTable<RunCheckpointRecord, 'runId'>;
  datasetChunks!: Table<DatasetChunkRecord, [string, number]>;

  /** `options` lets tests pass fake-indexeddb. */
  constructor(name: string = DATABASE_NAME, options?: DexieOptions) {
    super(name, options);

    // v1 (0.1.0): runs with their per-epoch history and weights.
    this.version(1).stores({
      runs: 'id, createdAt, status',
      epochs: '[runId+epoch]',
      runWeights: 'runId',
    });

    // v2 (0.2.0): imported datasets; their numbers live in a table of their own.
    this.version(2).stores({
      datasets: 'id, createdAt, name',
      datasetData: 'datasetId',
    });

    // v3 (0.2.0): saved experiments; the engine's looks into the network per run; runs gain
    // optional experimentId, continuedFrom, tags, notes.
    this.version(3).stores({
      experiments: 'id, updatedAt',
      runViews: '[runId+epoch]',
    });

    // v4 (0.2.0): hyperparameter sweeps and their runs (each launched run also lives in `runs`).
    this.version(4).stores({
      sweeps: 'id, createdAt, status',
      sweepRuns: '[sweepId+index], sweepId, runId, status',
    });

    // v5 (0.2.0): each run's latest checkpoint; runs gain optional resumedFromEpoch. Nothing to
    // migrate: runs trained before have no checkpoint (they continue from their weights, inexactly).
    this.version(5).stores({
      runCheckpoints: 'runId',
    });

    // v6 (0.2.0): a dataset's rows move from one value in datasetData (Chromium refuses a value
    // over 128 MiB) to blocks of a few MB in datasetChunks, 8-bit pixels as bytes.
    this.version(6)
      .stores({ datasetChunks: '[datasetId+index]' })
      .upgrade((tx) => chunkStoredDatasets(tx));
  }
}
