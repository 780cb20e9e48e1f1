import { inspectionToJson } from '../../shared/engine/inspection-json';
import { StepInspector, type StepSelection } from '../../shared/engine/inspect-step';
import { parseCommandArgs, UsageError } from '../args';
import { loadDataset } from '../load-dataset';
import { loadExperiment } from '../load-experiment';
import { loadWeightsFile } from '../load-weights';

// inspect <experiment.json> [--init weights.json] [--rows 0,3 | --batch k] [--epoch N]
// Prints, as JSON, every number of one training step — forward, loss, backward, the update and a
// gradient check per layer — exactly as the app's step inspector shows it (one engine function).
// The state: the seeded initialization, the run replayed to epoch N, or --init's weights (taken
// as epoch N's). Rows: dataset rows (0-based), or batch k of the next epoch (default batch 1).

function wholeNumber(option: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`inspect: --${option} expects a whole number, got '${text}'.`);
  return Number(text);
}

function selection(rows: string | undefined, batch: string | undefined): StepSelection {
  if (rows !== undefined && batch !== undefined) throw new UsageError('inspect: give --rows or --batch, not both.');
  if (rows !== undefined) return { rows: rows.split(',').map((part) => wholeNumber('rows', part.trim())) };
  return { batch: batch === undefined ? 1 : wholeNumber('batch', batch) };
}

export async function inspectCommand(args: string[]): Promise<number> {
  const { positionals, options } = parseCommandArgs('inspect', args, ['experiment.json'], ['init', 'rows', 'batch', 'epoch']);
  const [experimentPath] = positionals;
  const chosen = selection(options.rows, options.batch);
  const epoch = options.epoch === undefined ? 0 : wholeNumber('epoch', options.epoch);
  const experiment = loadExperiment(experimentPath);
  const weights = options.init ? loadWeightsFile(options.init) : undefined;
  const dataset = await loadDataset(experiment, experimentPath);
  const inspector = await StepInspector.create(experiment, dataset, { weights, epoch });
  const inspection = inspector.inspect(chosen, { gradcheck: true });
  process.stdout.write(`${JSON.stringify(inspectionToJson(inspection))}\n`);
  return 0;
}
