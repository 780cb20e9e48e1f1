import { gradcheckExperiment } from '../../shared/engine/gradcheck-experiment';
import { parseCommandArgs } from '../args';
import { loadDataset } from '../load-dataset';
import { loadExperiment } from '../load-experiment';

// gradcheck <experiment.json>: compares backpropagation with finite differences for the
// experiment's model, loss and initial weights on a few of its training rows (in float64).
// Prints one line per tensor and a verdict; exits 1 when the check fails.

const EXIT_CHECK_FAILED = 1;

export async function gradcheckCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs('gradcheck', args, ['experiment.json'], []);
  const [experimentPath] = positionals;
  const experiment = loadExperiment(experimentPath);
  const dataset = await loadDataset(experiment, experimentPath);
  const report = gradcheckExperiment(experiment, dataset);
  process.stdout.write(`${report.text}\n`);
  return report.passed ? 0 : EXIT_CHECK_FAILED;
}
