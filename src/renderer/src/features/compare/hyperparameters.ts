import type { Experiment } from '../../../../shared/schema/experiment';

// The hyperparameter table of a comparison: every setting of every run's experiment as a dotted
// path ("training.optimizer.learningRate"), with a flag where the runs disagree. Settings a run
// does not have (another optimizer's beta1) show as "—" and count as a difference.

export interface HyperparameterRow {
  path: string;
  values: string[];
  differs: boolean;
}

export const MISSING = '—';

function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) {
    // Layers are compared position by position; the count is a row of its own.
    out.set(`${path}.length`, String(value.length));
    value.forEach((item, i) => flatten(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) flatten(item, path ? `${path}.${key}` : key, out);
  } else if (value !== undefined) {
    out.set(path, String(value));
  }
}

export function hyperparameterRows(experiments: readonly Experiment[]): HyperparameterRow[] {
  const flat = experiments.map((experiment) => {
    const out = new Map<string, string>();
    const { name: _name, ...settings } = experiment;
    flatten(settings, '', out);
    return out;
  });
  // Every path of any run, in the order they first appear (a Set keeps insertion order).
  const paths = new Set(flat.flatMap((map) => [...map.keys()]));
  return [...paths].map((path) => {
    const values = flat.map((map) => map.get(path) ?? MISSING);
    return { path, values, differs: values.some((value) => value !== values[0]) };
  });
}

/**
 * Names that tell compared runs apart: runs whose names repeat get the settings they differ in
 * from the runs of the same name appended ("… · learningRate 0.03, l2 0.001"), at most `limit`.
 */
export function distinguishingNames(names: readonly string[], experiments: readonly Experiment[], limit = 3): string[] {
  const labels = [...names];
  for (const name of new Set(names)) {
    const group = names.flatMap((other, i) => (other === name ? [i] : []));
    if (group.length < 2) continue;
    const differing = hyperparameterRows(group.map((i) => experiments[i])).filter((row) => row.differs && !row.path.endsWith('.length'));
    group.forEach((index, member) => {
      const details = differing.slice(0, limit).map((row) => `${row.path.split('.').at(-1)} ${row.values[member]}`);
      if (details.length) labels[index] = `${name} · ${details.join(', ')}`;
    });
  }
  return labels;
}
