import { modelDataProblem } from '../shared/engine/prepare';
import type { PlannedRun } from '../shared/engine/sweep-plan';
import { canonicalJson } from '../shared/engine/stable-key';
import { loadDataset } from './load-dataset';

// Before any worker starts: load the first run's dataset once and check that every run sharing
// that dataset fits it, so a missing file or an output layer that does not match the classes is
// one clear error instead of a results file full of identical failures.

export async function preflightSweep(runs: PlannedRun[], sweepPath: string): Promise<void> {
  if (runs.length === 0) return;
  const first = runs[0].experiment;
  const dataset = await loadDataset(first, sweepPath);
  const spec = canonicalJson(first.dataset);
  for (const run of runs) {
    if (canonicalJson(run.experiment.dataset) !== spec) continue;
    const problem = modelDataProblem(run.experiment, dataset);
    if (problem) throw new Error(`${sweepPath}: run ${run.index} (${run.experiment.name}): ${problem}.`);
  }
}
