import { createRng } from '../nn/rng';
import { ExperimentSchema, type Experiment } from '../schema/experiment';
import { describeIssue } from '../schema/protocol';
import type { Sweep } from '../schema/sweep';
import { formatSetting } from './format-setting';
import { assignParameters } from './sweep-assign';
import { discreteValues, sampleValue } from './sweep-values';
import { stableKey } from './stable-key';

// Expanding a sweep into concrete runs, identically on every machine: a grid is the cartesian
// product in the order the parameters are written (the last varies fastest); random search draws
// `samples` distinct combinations from a generator seeded by `method.seed`. Each combination runs
// `repeats` times with training seeds base, base + 1, … Every run is a schema-valid experiment
// with a key derived from its content, so shards and merges agree on what each run is.

export interface PlannedRun {
  /** Position in the plan, 0-based; shards and result files are ordered by it. */
  index: number;
  /** Names this exact run: a hash of its experiment. */
  key: string;
  /** Names the parameter combination shared by its repeats (seeds). */
  configKey: string;
  /** The parameter values of this run, by parameter name as written in the sweep. */
  config: Record<string, unknown>;
  /** 0-based repeat; the training seed is the combination's seed + repeat. */
  repeat: number;
  experiment: Experiment;
}

export interface SweepPlan {
  /** Names the sweep definition: results of different sweeps never merge. */
  sweepId: string;
  runs: PlannedRun[];
  /** Distinct parameter combinations (runs = combinations × repeats). */
  combinations: number;
}

/** Plans larger than this are refused before any work: they are almost always a typo in a range. */
export const MAX_PLANNED_RUNS = 100_000;

function gridAssignments(sweep: Sweep): Record<string, unknown>[] {
  let assignments: Record<string, unknown>[] = [{}];
  for (const [name, values] of Object.entries(sweep.parameters)) {
    const discrete = discreteValues(name, values);
    if (!discrete) throw new Error(`parameters.${name}: a range in a grid sweep needs "steps" (or use method "random" to sample it)`);
    assignments = assignments.flatMap((assignment) => discrete.map((value) => ({ ...assignment, [name]: value })));
    if (assignments.length * sweep.repeats > MAX_PLANNED_RUNS) {
      throw new Error(`parameters: the grid has more than ${MAX_PLANNED_RUNS} runs; use fewer values or method "random"`);
    }
  }
  return assignments;
}

/** Number of distinct combinations when every parameter is discrete, else Infinity. */
function spaceSize(sweep: Sweep): number {
  let size = 1;
  for (const [name, values] of Object.entries(sweep.parameters)) {
    const discrete = discreteValues(name, values);
    if (!discrete) return Infinity;
    size *= new Set(discrete.map((value) => JSON.stringify(value))).size;
  }
  return size;
}

function randomAssignments(sweep: Sweep, samples: number, seed: number): Record<string, unknown>[] {
  const size = spaceSize(sweep);
  if (size < samples) {
    throw new Error(`method.samples: ${samples} samples asked for, but the parameters have only ${size} distinct combination${size === 1 ? '' : 's'}; use method "grid" or fewer samples`);
  }
  if (samples * sweep.repeats > MAX_PLANNED_RUNS) throw new Error(`method.samples: more than ${MAX_PLANNED_RUNS} runs; use fewer samples or repeats`);
  const rng = createRng(seed);
  const seen = new Set<string>();
  const assignments: Record<string, unknown>[] = [];
  // Redraw repeated combinations; the cap only matters when nearly the whole space is asked for.
  for (let attempts = 0; assignments.length < samples && attempts < samples * 100; attempts++) {
    const assignment = Object.fromEntries(Object.entries(sweep.parameters).map(([name, values]) => [name, sampleValue(name, values, rng)]));
    const key = stableKey(assignment);
    if (seen.has(key)) continue;
    seen.add(key);
    assignments.push(assignment);
  }
  if (assignments.length < samples) {
    throw new Error(`method.samples: found only ${assignments.length} distinct combination${assignments.length === 1 ? '' : 's'} of ${samples} after many draws; use fewer samples or method "grid"`);
  }
  return assignments;
}

function concreteExperiment(sweep: Sweep, config: Record<string, unknown>, repeat: number): Experiment {
  // The base experiment is valid (SweepSchema), so an invalid one has at least one parameter set.
  const where = Object.entries(config).map(([name, value]) => `${name} = ${JSON.stringify(value)}`).join(', ');
  let assigned: unknown;
  try {
    assigned = assignParameters(sweep.experiment, config);
  } catch (error) {
    throw new Error(`parameters.${(error as Error).message}`);
  }
  const parsed = ExperimentSchema.safeParse(assigned);
  if (!parsed.success) throw new Error(`parameters: with ${where} the experiment is invalid — ${describeIssue(parsed.error)}`);
  const experiment = parsed.data;
  experiment.training.seed = (experiment.training.seed + repeat) % 2 ** 32;
  // The run's name says what differs, so a list of a sweep's runs reads at a glance; its values
  // are rounded as the tables show them, while the experiment keeps the exact ones.
  const label = Object.entries(config).map(([name, value]) => `${name} ${formatSetting(value)}`);
  experiment.name = `${sweep.name ?? sweep.experiment.name ?? 'Sweep'} · ${[...label, `seed ${experiment.training.seed}`].join(', ')}`.slice(0, 200);
  return experiment;
}

/** Expand a parsed sweep; throws an Error naming the parameter when a combination is not a valid experiment. */
export function planSweep(sweep: Sweep): SweepPlan {
  const assignments = sweep.method.name === 'grid' ? gridAssignments(sweep) : randomAssignments(sweep, sweep.method.samples, sweep.method.seed);
  const runs: PlannedRun[] = [];
  for (const config of assignments) {
    const configKey = stableKey(config);
    for (let repeat = 0; repeat < sweep.repeats; repeat++) {
      const experiment = concreteExperiment(sweep, config, repeat);
      runs.push({ index: runs.length, key: stableKey(experiment), configKey, config, repeat, experiment });
    }
  }
  const lastRung = sweep.halving?.at.at(-1);
  const short = lastRung === undefined ? undefined : runs.find((run) => run.experiment.training.epochs <= lastRung);
  if (short) {
    throw new Error(`halving.at: ${lastRung} epochs is not below the ${short.experiment.training.epochs} epochs of ${short.experiment.name}; every halving epoch must be below the runs' epochs`);
  }
  return { sweepId: stableKey(sweep), runs, combinations: assignments.length };
}

/** Epochs a run trains to at each rung of successive halving (the last is its own full budget); one rung otherwise. */
export function rungEpochs(sweep: Sweep, experiment: Experiment = sweep.experiment): number[] {
  return [...(sweep.halving?.at ?? []), experiment.training.epochs];
}
