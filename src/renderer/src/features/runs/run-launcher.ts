import { createRunRecorder } from '../../db/run-recorder';
import type { RunsRepository } from '../../db/runs-repository';
import type { TrainingHost } from '../../host/training-host';
import type { ForkChange } from '../../../../shared/engine/fork';
import type { CheckpointFile } from '../../../../shared/schema/checkpoint';
import type { Experiment } from '../../../../shared/schema/experiment';
import type { WeightsFile } from '../../../../shared/schema/weights';
import { DatasetMessageSchema, type RunResult } from '../../../../shared/schema/protocol';
import { resolveDataset } from '../datasets/builtin-datasets';
import type { LoadDataset } from '../datasets/load-dataset';
import { experimentTitle } from '../../components/describe-experiment';
import { holdRunLock } from './run-locks';

// Starting a run: store it, hand it to the training host, and record everything the host reports.
// The database is the single source of truth the views read, live.

export interface LaunchOptions {
  /** The saved experiment the run comes from. */
  experimentId?: string;
  /** Continue training from these weights (of run `continuedFrom`) instead of initializing. */
  initialWeights?: WeightsFile;
  continuedFrom?: string;
  /** Go on from this checkpoint of run `continuedFrom`: the same bits as if that run had never stopped. */
  resume?: CheckpointFile;
  /** A fork of `continuedFrom`'s checkpoint: the settings it changes. */
  forkChanges?: ForkChange[];
  /** Called once the run's end (and its weights) are stored, e.g. to start the next run of a sweep. */
  onStored?: (result: RunResult) => void;
}

export interface RunLauncher {
  /** Resolves with the new run's id once it is stored and queued. */
  launch(experiment: Experiment, options?: LaunchOptions): Promise<string>;
  cancel(runId: string): void;
}

export interface RunLauncherOptions {
  host: TrainingHost;
  repository: RunsRepository;
  now?: () => number;
  newId?: () => string;
  holdLock?: (runId: string) => () => void;
  /** Where datasets come from; by default only generated ones (tests), in the app also stored ones. */
  loadDataset?: LoadDataset;
}

export function createRunLauncher({
  host,
  repository,
  now = Date.now,
  newId = () => crypto.randomUUID(),
  holdLock = holdRunLock,
  loadDataset = async (spec) => resolveDataset(spec),
}: RunLauncherOptions): RunLauncher {
  return {
    async launch(experiment, { experimentId, initialWeights, continuedFrom, resume, forkChanges, onStored }: LaunchOptions = {}) {
      // Parsing checks the dataset against the protocol before it leaves for another thread or process.
      const dataset = DatasetMessageSchema.parse(await loadDataset(experiment.dataset));
      const id = newId();
      // Locked before it is stored, so no other page can take the new run for an abandoned one.
      const release = holdLock(id);
      try {
        await repository.create({
          id,
          name: experimentTitle(experiment, dataset.name),
          experiment,
          datasetName: dataset.name,
          host: host.kind,
          createdAt: now(),
          ...(experimentId ? { experimentId } : {}),
          ...(continuedFrom ? { continuedFrom } : {}),
          ...(resume ? { resumedFromEpoch: resume.epoch } : {}),
          ...(forkChanges ? { forkChanges } : {}),
        });
      } catch (error) {
        release();
        throw error;
      }
      const recorder = createRunRecorder(repository, id, { now });
      host.start(
        { runId: id, experiment, dataset, ...(initialWeights ? { initialWeights } : {}), ...(resume ? { resume } : {}) },
        {
          onStarted: () => recorder.started(),
          onEpoch: (event) => recorder.epoch(event),
          onCheckpoint: (checkpoint) => recorder.checkpoint(checkpoint),
          onEnd: (result) =>
            void recorder
              .end(result)
              .finally(release)
              .then(() => onStored?.(result)),
        },
      );
      return id;
    },
    cancel(runId) {
      host.cancel(runId);
    },
  };
}
