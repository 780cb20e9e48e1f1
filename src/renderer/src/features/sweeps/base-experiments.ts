import { ExperimentSchema, type Experiment } from '../../../../shared/schema/experiment';
import type { ExperimentRecord, RunRecord } from '../../db/database';
import { DEFAULT_DRAFT } from '../experiments/experiment-draft';

// What a sweep can start from: the experiment a new run or experiment starts as, a saved
// experiment (when it is complete and valid), or the experiment of an earlier run — each with a
// label for the picker.

export interface BaseChoice {
  id: string;
  label: string;
  experiment: Experiment;
}

/** Two spirals as a new run or experiment starts (two classes: one sigmoid output). */
export function defaultBase(): BaseChoice {
  return { id: 'default', label: 'New run defaults (two spirals)', experiment: ExperimentSchema.parse(DEFAULT_DRAFT) };
}

/** Runs beyond this many are not offered: the list is for picking a recent one. */
const RECENT_RUNS = 15;

export function baseChoices(experiments: ExperimentRecord[], runs: RunRecord[]): BaseChoice[] {
  const saved = experiments.flatMap((record) => {
    const parsed = ExperimentSchema.safeParse(record.experiment);
    return parsed.success ? [{ id: `experiment:${record.id}`, label: `Experiment · ${record.name}`, experiment: parsed.data }] : [];
  });
  const recent = runs.slice(0, RECENT_RUNS).map((run) => ({ id: `run:${run.id}`, label: `Run · ${run.name}`, experiment: run.experiment }));
  return [defaultBase(), ...saved, ...recent];
}
