import type { Experiment } from '../../../shared/schema/experiment';
import { formatSetting } from './format';

// The hyperparameter table of a comparison: every setting of every run's experiment as a dotted
// path ("training.optimizer.learningRate"), with a flag where the runs disagree. Settings a run
// does not have (another optimizer's beta1) show as "—" and count as a difference. Values show to
// four significant digits, but differ by their exact value.

export interface HyperparameterRow {
  path: string;
  /** As shown: numbers to four significant digits. */
  values: string[];
  differs: boolean;
}

export const MISSING = '—';

function flatten(value: unknown, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    // Layers are compared position by position; the count is a row of its own.
    out.set(`${path}.length`, value.length);
    value.forEach((item, i) => flatten(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) flatten(item, path ? `${path}.${key}` : key, out);
  } else if (value !== undefined) {
    out.set(path, value);
  }
}

export function hyperparameterRows(experiments: readonly Experiment[]): HyperparameterRow[] {
  const flat = experiments.map((experiment) => {
    const out = new Map<string, unknown>();
    const { name: _name, ...settings } = experiment;
    flatten(settings, '', out);
    return out;
  });
  // Every path of any run, in the order they first appear (a Set keeps insertion order).
  const paths = new Set(flat.flatMap((map) => [...map.keys()]));
  return [...paths].map((path) => {
    const exact = flat.map((map) => (map.has(path) ? String(map.get(path)) : MISSING));
    return { path, values: flat.map((map) => (map.has(path) ? formatSetting(map.get(path)) : MISSING)), differs: exact.some((value) => value !== exact[0]) };
  });
}
