import { totalmem } from 'node:os';
import type { Dataset } from '../shared/data/dataset';
import { setMachineMemory } from '../shared/engine/run-budget';
import { runSession } from '../shared/engine/session';
import { canonicalJson } from '../shared/engine/stable-key';
import { serializeWeights } from '../shared/nn/weights-json';
import type { Experiment } from '../shared/schema/experiment';
import { csvUsesRunSplit, loadDataset } from './load-dataset';
import { writeOutputFile } from './output-paths';
import type { JobOutcome, SweepJob, WorkerReply, WorkerRequest } from './sweep-messages';

// One sweep worker process: trains the runs it is handed, one at a time, with the same engine as
// `train`. Datasets are loaded once per distinct spec and reused by the runs that share it.

setMachineMemory(totalmem());
const sweepPath = process.argv[2];
const send = (reply: WorkerReply) => process.send!(reply);
// Ctrl-C reaches the whole process group: the sweep command decides (it cancels the runs and tells
// us), so the worker does not die mid-run on its own. Without the command (its channel closed, even
// by SIGKILL), nothing is left to do.
process.on('SIGINT', () => {});
process.on('disconnect', () => process.exit(0));
const datasets = new Map<string, Promise<Dataset>>();
/**
 * A run reports its epochs at most this often (and always its first). The command only needs them
 * for a progress bar redrawn a few times a second, while a message per epoch of a small run, hundreds
 * a second, took CPU from the very runs the workers share the cores with.
 */
const EPOCH_REPORT_MS = 100;
/** Enough for the datasets of one sweep; a sweep over many CSV seeds just reloads. */
const CACHED_DATASETS = 4;
let controller = new AbortController();

/** A CSV normalized or filled from its training rows is split with the run's seed, so those runs cannot share it. */
function datasetKey(experiment: Experiment): string {
  const spec = experiment.dataset;
  const seeded = 'csv' in spec && csvUsesRunSplit(spec);
  return canonicalJson([spec, seeded ? [experiment.training.seed, experiment.training.validationSplit] : null]);
}

function dataset(experiment: Experiment): Promise<Dataset> {
  const key = datasetKey(experiment);
  let loaded = datasets.get(key);
  if (!loaded) {
    loaded = loadDataset(experiment, sweepPath);
    datasets.set(key, loaded);
    if (datasets.size > CACHED_DATASETS) datasets.delete(datasets.keys().next().value!);
  }
  return loaded;
}

/** Trains one run; throws when the worker cannot do its part (load the dataset, write the weights). */
async function run(job: SweepJob): Promise<JobOutcome> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let epochs = 0;
  let reported = -Infinity;
  // Every epoch's event, for the history file the app attaches to show the run's curves.
  const history: string[] = [];
  const result = await runSession(job.experiment, await dataset(job.experiment), {
    signal: controller.signal,
    onEpoch: (event) => {
      epochs = event.epoch;
      if (job.historyPath) history.push(JSON.stringify(event));
      if (performance.now() - reported < EPOCH_REPORT_MS) return;
      reported = performance.now();
      send({ type: 'epoch', id: job.id, epoch: event.epoch, epochs: event.epochs });
    },
  });
  // What the run is remembered by: the weights it ended with, which after early stopping are the best ones.
  const weights = result.status === 'stopped-early' ? (result.bestWeights ?? result.weights) : result.weights;
  const outcome: JobOutcome = {
    status: result.status,
    ...(result.message ? { message: result.message } : {}),
    epochs,
    bestEpoch: result.bestEpoch,
    final: weights?.metrics,
    best: result.bestWeights?.metrics,
    seconds: seconds(),
  };
  // The command created the directory and checked it takes files before any run started.
  if (job.weightsPath && weights && result.status !== 'cancelled') {
    writeOutputFile(job.weightsPath, serializeWeights(weights), 'weights file');
    outcome.weightsPath = job.weightsPath;
  }
  if (job.historyPath && history.length && result.status !== 'cancelled') {
    writeOutputFile(job.historyPath, `${history.join('\n')}\n`, 'history file');
    outcome.historyPath = job.historyPath;
  }
  return outcome;
}

process.on('message', (request: WorkerRequest) => {
  if (request.type === 'cancel') {
    controller.abort();
    return;
  }
  controller = new AbortController();
  const { id, experiment } = request.job;
  run(request.job).then(
    (outcome) => send({ type: 'done', id, outcome }),
    (error: unknown) => send({ type: 'error', id, message: `${sweepPath}: run '${experiment.name}': ${error instanceof Error ? error.message : String(error)}` }),
  );
});
