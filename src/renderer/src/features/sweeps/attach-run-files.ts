import { parseSweepRunFileName } from '../../../../shared/engine/sweep-run-files';
import { canonicalJson } from '../../../../shared/engine/stable-key';
import type { NormalizationKind } from '../../../../shared/data/normalize';
import type { DatasetSpec } from '../../../../shared/schema/experiment';
import { EpochEventSchema, RUN_END_STATUSES, type EpochEvent } from '../../../../shared/schema/progress';
import { describeIssue } from '../../../../shared/schema/protocol';
import type { WeightsFile } from '../../../../shared/schema/weights';
import type { RunRecord, SweepRunRecord } from '../../db/database';

// The files of a weights folder (`sweep --weights-dir`) matched to the runs of an imported sweep:
// each run's weights and epoch history, found by the run key in the file name and checked against
// the run (the weights must come from the very experiment the results file says the run trained).
// Whatever does not fit is named: a file of another sweep, a file that is not what its name says,
// a run of the sweep with no file.

/** A picked file: its path inside the picked folder, and its contents on demand. */
export interface FolderEntry {
  path: string;
  size: number;
  text(): Promise<string>;
}

export interface AttachedRun {
  run: SweepRunRecord;
  weights?: WeightsFile;
  history?: EpochEvent[];
}

export interface AttachPlan {
  attached: AttachedRun[];
  /** One line per file that does not fit, naming it and why. */
  problems: string[];
  /** Runs that ended with weights but have no weights file in the folder. */
  missing: SweepRunRecord[];
  /** Files that are not a sweep run's (other files in the folder), by count. */
  ignored: number;
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const runLabel = (run: SweepRunRecord) => `run ${run.index + 1}`;

/** Every epoch event of a history file; a bad line is named with its number. */
export function parseHistory(text: string, path: string): EpochEvent[] {
  const events: EpochEvent[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${path} line ${i + 1}: not JSON; expected one epoch per line`);
    }
    const parsed = EpochEventSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${path} line ${i + 1}: not an epoch of a run — ${describeIssue(parsed.error)}`);
    events.push(parsed.data);
  });
  return events;
}

export async function matchRunFiles(runs: readonly SweepRunRecord[], files: readonly FolderEntry[], readWeights: (file: FolderEntry) => Promise<WeightsFile>): Promise<AttachPlan> {
  const byKey = new Map(runs.map((run) => [run.key, run]));
  const found = new Map<string, AttachedRun>();
  const problems: string[] = [];
  let ignored = 0;
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const name = parseSweepRunFileName(baseName(file.path));
    if (!name) {
      ignored++;
      continue;
    }
    const run = byKey.get(name.key);
    if (!run) {
      problems.push(`${file.path}: no run of this sweep has the key ${name.key} (a file of another sweep, or of another experiment)`);
      continue;
    }
    const entry = found.get(run.key) ?? { run };
    if (entry[name.kind]) {
      problems.push(`${file.path}: a second ${name.kind} file for ${runLabel(run)}; the first one found was used`);
      continue;
    }
    try {
      if (name.kind === 'weights') {
        const weights = await readWeights(file);
        if (weights.experiment && canonicalJson(weights.experiment) !== canonicalJson(run.experiment)) {
          problems.push(`${file.path}: these weights were trained with another experiment than ${runLabel(run)} of this sweep (key ${run.key}); left out`);
          continue;
        }
        entry.weights = weights;
      } else {
        entry.history = parseHistory(await file.text(), file.path);
      }
    } catch (error) {
      problems.push(`${file.path}: ${error instanceof Error ? error.message : String(error)}; left out`);
      continue;
    }
    found.set(run.key, entry);
  }
  const attached = runs.flatMap((run) => found.get(run.key) ?? []);
  // Finished runs end with weights; a failed or cancelled one may have none.
  const missing = runs.filter((run) => (run.status === 'done' || run.status === 'stopped-early') && !found.get(run.key)?.weights);
  return { attached, problems, missing, ignored };
}

/** A dataset the command line read from a file (a CSV path, IDX files, an image folder): the app has its own copies of data. */
export const needsAppDataset = (spec: DatasetSpec) => !('synthetic' in spec) && !('stored' in spec);

/** "breast-cancer.csv", "spirals": what the command line trained on, for the run's page. */
function trainedOn(spec: DatasetSpec): string {
  if ('synthetic' in spec) return spec.synthetic;
  if ('stored' in spec) return spec.stored.replace(/^builtin\//, '');
  if ('csv' in spec) return spec.csv;
  if ('idx' in spec) return spec.idx.images;
  return spec.images.folder;
}

const END_STATUSES = new Set<string>(RUN_END_STATUSES);

/** The metrics a results line has for the weights a run ended with, as a run's metrics. */
function metricsOf(final: Record<string, number> | undefined, seconds: number): RunRecord['metrics'] {
  if (final?.trainLoss === undefined) return undefined;
  const split = (prefix: 'train' | 'validation') =>
    final[`${prefix}Loss`] === undefined ? undefined : { loss: final[`${prefix}Loss`], ...(final[`${prefix}Accuracy`] !== undefined ? { accuracy: final[`${prefix}Accuracy`] } : {}) };
  return { train: split('train')!, validation: split('validation'), seconds };
}

/**
 * The app's dataset as the run's network took its data: a CSV file the command line normalized as
 * it read it is normalized the same way here when the app's copy is stored unnormalized (fitted on
 * the run's training rows, as the command line did), so the step inspector and a fork see the
 * inputs the weights were trained on, not the file's units.
 */
function appDatasetSpec(cli: DatasetSpec, app: AppDataset): DatasetSpec {
  const normalize = 'csv' in cli ? cli.normalize : undefined;
  if (!normalize || normalize === 'none' || app.normalized !== 'none' || !('stored' in app.spec)) return app.spec;
  return { ...app.spec, normalize };
}

/** The app's dataset picked for runs the command line trained on a file, and how its copy is stored. */
export interface AppDataset {
  spec: DatasetSpec;
  name: string;
  normalized: NormalizationKind;
}

/**
 * The run record of an attached sweep run. `dataset`: the app's dataset it is evaluated on, for a
 * run the command line trained on a file. Undefined for a run that has not ended (nothing to attach).
 */
export function importedRun(
  { run, history = [] }: AttachedRun,
  { id, now, sweepName, dataset }: { id: string; now: number; sweepName: string; dataset?: AppDataset },
): RunRecord | undefined {
  if (!END_STATUSES.has(run.status)) return undefined;
  const last = history.at(-1);
  const source = trainedOn(run.experiment.dataset);
  const needed = needsAppDataset(run.experiment.dataset);
  const notes = [
    run.message,
    `Trained by the command line (sweep “${sweepName}”, run ${run.index + 1})${needed && dataset ? ` on ${source}; evaluated here on ${dataset.name}` : ''}.`,
    ...(history.length ? [] : ['Its history file was not in the folder, so it has no curves.']),
  ];
  return {
    id,
    name: run.experiment.name ?? `${sweepName} · run ${run.index + 1}`,
    createdAt: now,
    endedAt: now,
    status: run.status as RunRecord['status'],
    experiment: needed && dataset ? { ...run.experiment, dataset: appDatasetSpec(run.experiment.dataset, dataset) } : run.experiment,
    datasetName: needed && dataset ? dataset.name : source,
    ...(needed ? { cliDataset: source } : {}),
    host: 'cli',
    totalEpochs: run.experiment.training.epochs,
    epochsDone: run.epochs ?? last?.epoch ?? 0,
    metrics: last ? { train: last.train, validation: last.validation, seconds: last.seconds } : metricsOf(run.final, run.seconds ?? 0),
    ...(run.best?.epoch !== undefined ? { bestEpoch: run.best.epoch } : {}),
    message: notes.filter(Boolean).join(' '),
  };
}
