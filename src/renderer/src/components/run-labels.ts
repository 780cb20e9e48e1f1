import type { Experiment } from '../../../shared/schema/experiment';
import { hyperparameterRows } from './hyperparameters';

// Names that tell runs apart. Runs of one experiment (or of the quick form with the same settings)
// share a name; each gets what sets it apart from its siblings — "Iris baseline · init heNormal,
// seed 3" — and runs with identical settings are numbered in the order they were made ("#2").

export interface LabelSource {
  /** The experiment's name, or the run's own name when it has no saved experiment. */
  base: string;
  experiment: Experiment;
  createdAt: number;
}

/**
 * The short name of a setting path: "training.optimizer.name" → "optimizer", "model.init.name" →
 * "init", "model.layers[0].units" → "layer 1 units", "dataset.noise" → "dataset noise".
 */
export function settingLabel(path: string): string {
  const segments = path.split('.');
  if (segments.at(-1) === 'name' && segments.length > 1) segments.pop();
  const leaf = segments.at(-1)!;
  const layer = segments.map((segment) => /^layers\[(\d+)\]$/.exec(segment)).find(Boolean);
  if (layer && leaf !== layer[0]) return `layer ${Number(layer[1]) + 1} ${leaf}`;
  if (segments[0] === 'dataset' && segments.length > 1) return ['synthetic', 'csv', 'idx', 'images'].includes(leaf) ? 'dataset' : `dataset ${leaf}`;
  return leaf;
}

function groupOf(groups: Map<string, number[]>, key: string): number[] {
  return groups.get(key) ?? groups.set(key, []).get(key)!;
}

/** One label per run, in the order given; `limit` differing settings at most, the rest counted. */
export function runLabels(runs: readonly LabelSource[], limit = 3): string[] {
  const labels = runs.map((run) => run.base);
  const groups = new Map<string, number[]>();
  runs.forEach((run, i) => groupOf(groups, run.base).push(i));
  for (const [base, group] of groups) {
    if (group.length < 2) continue;
    const differing = hyperparameterRows(group.map((i) => runs[i].experiment)).filter((row) => row.differs && !row.path.endsWith('.length'));
    group.forEach((index, member) => {
      const details = differing.slice(0, limit).map((row) => `${settingLabel(row.path)} ${row.values[member]}`);
      if (differing.length > limit) details.push(`+${differing.length - limit} more`);
      if (details.length) labels[index] = `${base} · ${details.join(', ')}`;
    });
  }
  // Whatever still repeats has the same settings (or the same shown values): number it by age.
  const repeats = new Map<string, number[]>();
  labels.forEach((label, i) => groupOf(repeats, label).push(i));
  for (const [label, group] of repeats) {
    if (group.length < 2) continue;
    [...group].sort((a, b) => runs[a].createdAt - runs[b].createdAt).forEach((index, order) => (labels[index] = `${label} #${order + 1}`));
  }
  return labels;
}
