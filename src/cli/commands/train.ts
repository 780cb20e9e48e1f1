import { resolve } from 'node:path';
import { describeForkChanges, planFork } from '../../shared/engine/fork';
import { modelDataProblem } from '../../shared/engine/prepare';
import { networkWarnings } from '../../shared/engine/network-health';
import { runSession } from '../../shared/engine/session';
import type { TrainCheckpoint } from '../../shared/nn/checkpoint';
import { serializeCheckpoint } from '../../shared/nn/checkpoint-json';
import { serializeWeights } from '../../shared/nn/weights-json';
import type { Experiment } from '../../shared/schema/experiment';
import type { SplitMetrics } from '../../shared/schema/progress';
import { parseCommandArgs, UsageError } from '../args';
import { useKernelThreads } from '../kernel-threads';
import { loadCheckpointFile } from '../load-checkpoint';
import { loadDataset } from '../load-dataset';
import { loadExperiment } from '../load-experiment';
import { loadWeightsFile } from '../load-weights';
import { openMetricsLog } from '../metrics-log';
import { checkOutputFile, writeOutputFile } from '../output-paths';
import { createProgressReporter } from '../progress';

// train <experiment.json> [--out weights.json] [--init weights.json] [--metrics metrics.jsonl]
//       [--checkpoint file [--checkpoint-every N]] [--resume checkpoint.json] [--epochs M]
// Ctrl-C or SIGTERM cancels between batches and still writes the weights reached so far, and the
// checkpoint of the last completed epoch. `--resume` alone continues the checkpoint's own
// experiment (its data found from the experiment file it recorded); with an experiment file it
// forks: the checkpoint's state under that file's hyperparameters.

const EXIT_CANCELLED: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };
const DEFAULT_CHECKPOINT_EVERY = 10;
/**
 * At most one checkpoint file a second besides the last: writing one costs about as much as an
 * epoch of a small run, whose epochs take milliseconds.
 */
const CHECKPOINT_MIN_SECONDS = 1;

const summary = (label: string, m: SplitMetrics) =>
  `${label} loss ${m.loss.toPrecision(5)}` + (m.accuracy !== undefined ? `, accuracy ${(100 * m.accuracy).toFixed(2)}%` : '') +
  (m.r2 !== undefined ? `, R² ${m.r2.toFixed(4)}` : '') +
  (m.rmse !== undefined ? `, RMSE ${m.rmse.toPrecision(5)}` : '') +
  (m.mae !== undefined ? `, MAE ${m.mae.toPrecision(5)}` : '');

function count(option: string, text: string): number {
  if (!/^[1-9]\d*$/.test(text.trim())) throw new UsageError(`train: --${option} expects a whole number ≥ 1, got '${text}'.`);
  return Number(text);
}

interface RunPlan {
  experiment: Experiment;
  /** Data paths in the experiment are relative to this file. */
  experimentPath: string;
  resume?: TrainCheckpoint;
  /** A fork: what its experiment changes from the checkpoint's. */
  forkChanges?: string;
}

/** The experiment to train and where it came from: the file given, or the one the checkpoint recorded. */
function plan(experimentFile: string | undefined, resumeFile: string | undefined, epochs: number | undefined): RunPlan {
  const resumed = resumeFile !== undefined ? loadCheckpointFile(resumeFile) : undefined;
  const experimentPath = experimentFile ?? resumed?.file.experimentPath;
  if (experimentPath === undefined) {
    throw new Error(`${resumeFile}: the checkpoint does not record its experiment file, so its data cannot be found; name it: train <experiment.json> --resume ${resumeFile}.`);
  }
  let experiment = experimentFile !== undefined ? loadExperiment(experimentFile) : resumed!.file.experiment;
  if (epochs !== undefined) experiment = { ...experiment, training: { ...experiment.training, epochs } };
  if (resumed && resumed.checkpoint.epoch >= experiment.training.epochs) {
    const asked = epochs !== undefined ? `--epochs ${epochs}` : `the experiment's ${experiment.training.epochs} epochs`;
    throw new Error(`${resumeFile} is at epoch ${resumed.checkpoint.epoch}: training to ${asked} leaves nothing to do; continue with --epochs M, M > ${resumed.checkpoint.epoch}.`);
  }
  if (!resumed || experimentFile === undefined) return { experiment, experimentPath, resume: resumed?.checkpoint };
  const fork = planFork(resumed.file.experiment, experiment, resumed.checkpoint.epoch);
  if (fork.refused.length) {
    throw new Error(`${experimentFile} cannot fork ${resumeFile}: ${fork.refused.map(({ field, reason }) => `${field}: ${reason}`).join('; ')}.`);
  }
  return { experiment, experimentPath, resume: resumed.checkpoint, forkChanges: [describeForkChanges(fork.changes), ...fork.notes].join('; ') };
}

export async function trainCommand(args: string[]): Promise<number> {
  const { positionals, options } = parseCommandArgs('train', args, ['[experiment.json]'], ['out', 'init', 'metrics', 'checkpoint', 'checkpoint-every', 'resume', 'epochs']);
  const [experimentFile] = positionals;
  if (experimentFile === undefined && options.resume === undefined) throw new UsageError('train expects <experiment.json>, or --resume checkpoint.json to continue a run.');
  if (options.resume !== undefined && options.init !== undefined) throw new UsageError('train: give --init or --resume, not both (a checkpoint holds its own weights).');
  if (options['checkpoint-every'] !== undefined && options.checkpoint === undefined) throw new UsageError('train: --checkpoint-every needs --checkpoint <file> to write to.');
  const checkpointEvery = options['checkpoint-every'] === undefined ? DEFAULT_CHECKPOINT_EVERY : count('checkpoint-every', options['checkpoint-every']);
  const epochs = options.epochs === undefined ? undefined : count('epochs', options.epochs);
  if (options.out !== undefined) checkOutputFile(options.out, 'weights file');
  if (options.metrics !== undefined) checkOutputFile(options.metrics, 'metrics file');
  if (options.checkpoint !== undefined) checkOutputFile(options.checkpoint, 'checkpoint file');
  const { experiment, experimentPath, resume, forkChanges } = plan(experimentFile, options.resume, epochs);
  const initialWeights = options.init ? loadWeightsFile(options.init) : undefined;
  const dataset = await loadDataset(experiment, experimentPath, (line) => process.stdout.write(`${line}\n`));
  // The model against the data (shape, and the memory the run needs) before anything is allocated for it.
  const problem = modelDataProblem(experiment, dataset);
  if (problem) throw new Error(`${experimentPath}: ${problem}.`);
  useKernelThreads();
  if (resume) process.stdout.write(`continuing from ${options.resume} at epoch ${resume.epoch}${forkChanges ? ` (changed: ${forkChanges})` : ''}\n`);

  const progress = createProgressReporter(process.stdout);
  const metrics = options.metrics ? openMetricsLog(options.metrics, resume?.epoch) : null;
  const controller = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const cancel = (signal: NodeJS.Signals) => {
    signalled = signal;
    controller.abort();
  };
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  let first: Parameters<typeof progress.epoch>[0] | undefined;
  let last: Parameters<typeof progress.epoch>[0] | undefined;
  let written: number | undefined;
  const checkpointPath = options.checkpoint;
  const context = { experiment, inputs: dataset.features, experimentPath: resolve(experimentPath) };
  let result;
  try {
    result = await runSession(experiment, dataset, {
      signal: controller.signal,
      initialWeights,
      resume,
      checkpoints: checkpointPath
        ? {
            everyEpochs: checkpointEvery,
            everySeconds: CHECKPOINT_MIN_SECONDS,
            save: (checkpoint) => {
              writeOutputFile(checkpointPath, serializeCheckpoint(checkpoint, context), 'checkpoint file');
              written = checkpoint.epoch;
            },
          }
        : undefined,
      onEpoch: (event) => {
        first ??= event;
        last = event;
        progress.epoch(event);
        metrics?.write(event);
      },
    });
  } finally {
    progress.finish();
    metrics?.close();
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
  if (written !== undefined) process.stdout.write(`checkpoint of epoch ${written} written to ${checkpointPath}\n`);
  if (result.status === 'failed') throw new Error(result.message ?? 'Training failed.');

  const weights = result.status === 'stopped-early' ? (result.bestWeights ?? result.weights) : result.weights;
  if (result.message) process.stdout.write(`${result.message}\n`);
  if (last) {
    const running = last.trainMetrics === 'running' ? ` (running: the mean over epoch ${last.epoch}'s steps)` : '';
    const parts = [summary('train', last.train) + running, ...(last.validation ? [summary('validation', last.validation)] : [])];
    process.stdout.write(`${result.status} after ${last.epoch} epoch${last.epoch === 1 ? '' : 's'} (${last.seconds.toFixed(1)}s): ${parts.join('; ')}\n`);
    // What the app's run page says under Network health, from the same two epochs' diagnostics.
    for (const warning of networkWarnings(experiment, first === last ? [last] : [first!, last])) process.stdout.write(`network health: ${warning.text}\n`);
  }
  if (options.out) {
    if (!weights) throw new Error(`No weights to write to '${options.out}': the run ended before its first epoch.`);
    writeOutputFile(options.out, serializeWeights(weights), 'weights file');
    process.stdout.write(`weights written to ${options.out}\n`);
  }
  return result.status === 'cancelled' ? (EXIT_CANCELLED[signalled ?? 'SIGINT'] ?? 130) : 0;
}
