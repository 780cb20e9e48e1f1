import { modelDataProblem } from '../../shared/engine/prepare';
import { runSession } from '../../shared/engine/session';
import { serializeWeights } from '../../shared/nn/weights-json';
import type { SplitMetrics } from '../../shared/schema/progress';
import { parseCommandArgs } from '../args';
import { useKernelThreads } from '../kernel-threads';
import { loadDataset } from '../load-dataset';
import { loadExperiment } from '../load-experiment';
import { loadWeightsFile } from '../load-weights';
import { openMetricsLog } from '../metrics-log';
import { checkOutputFile, writeOutputFile } from '../output-paths';
import { createProgressReporter } from '../progress';

// train <experiment.json> [--out weights.json] [--init weights.json] [--metrics metrics.jsonl]
// Ctrl-C cancels between batches and still writes the weights reached so far.

const EXIT_CANCELLED = 130;

const summary = (label: string, m: SplitMetrics) =>
  `${label} loss ${m.loss.toPrecision(5)}` + (m.accuracy !== undefined ? `, accuracy ${(100 * m.accuracy).toFixed(2)}%` : '') +
  (m.r2 !== undefined ? `, R² ${m.r2.toFixed(4)}` : '');

export async function trainCommand(args: string[]): Promise<number> {
  const { positionals, options } = parseCommandArgs('train', args, ['experiment.json'], ['out', 'init', 'metrics']);
  const [experimentPath] = positionals;
  if (options.out !== undefined) checkOutputFile(options.out, 'weights file');
  if (options.metrics !== undefined) checkOutputFile(options.metrics, 'metrics file');
  const experiment = loadExperiment(experimentPath);
  const initialWeights = options.init ? loadWeightsFile(options.init) : undefined;
  const dataset = await loadDataset(experiment, experimentPath, (line) => process.stdout.write(`${line}\n`));
  // The model against the data (shape, and the memory the run needs) before anything is allocated for it.
  const problem = modelDataProblem(experiment, dataset);
  if (problem) throw new Error(`${experimentPath}: ${problem}.`);
  useKernelThreads();

  const progress = createProgressReporter(process.stdout);
  const metrics = options.metrics ? openMetricsLog(options.metrics) : null;
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  let last: Parameters<typeof progress.epoch>[0] | undefined;
  let result;
  try {
    result = await runSession(experiment, dataset, {
      signal: controller.signal,
      initialWeights,
      onEpoch: (event) => {
        last = event;
        progress.epoch(event);
        metrics?.write(event);
      },
    });
  } finally {
    progress.finish();
    metrics?.close();
    process.off('SIGINT', cancel);
  }
  if (result.status === 'failed') throw new Error(result.message ?? 'Training failed.');

  const weights = result.status === 'stopped-early' ? (result.bestWeights ?? result.weights) : result.weights;
  if (result.message) process.stdout.write(`${result.message}\n`);
  if (last) {
    const parts = [summary('train', last.train), ...(last.validation ? [summary('validation', last.validation)] : [])];
    process.stdout.write(`${result.status} after ${last.epoch} epoch${last.epoch === 1 ? '' : 's'} (${last.seconds.toFixed(1)}s): ${parts.join('; ')}\n`);
  }
  if (options.out) {
    if (!weights) throw new Error(`No weights to write to '${options.out}': the run ended before its first epoch.`);
    writeOutputFile(options.out, serializeWeights(weights), 'weights file');
    process.stdout.write(`weights written to ${options.out}\n`);
  }
  return result.status === 'cancelled' ? EXIT_CANCELLED : 0;
}
