import { exp, log } from '../nn/math';
import type { Rng } from '../nn/rng';
import type { ParameterValues } from '../schema/sweep';

// The values one sweep parameter takes: a list as written, or a range turned into evenly spaced
// steps (grid) or drawn at random (random search), on a linear or logarithmic axis. Log ranges are
// what learning rates want: 1e-4…1e-1 spends as many runs on each decade.

/** Parameters whose values are counts, so ranges over them give whole numbers unless told otherwise. */
const INTEGER_PARAMETER = /(^|\.)(units|batchSize|epochs|seed|samples|patience|every|classes)$|^(width|depth|batchSize|epochs|seed)$/;

export function isIntegerParameter(name: string, values: ParameterValues): boolean {
  if (Array.isArray(values)) return false;
  return values.integer ?? INTEGER_PARAMETER.test(name);
}

/** Drops float noise (0.30000000000000004) so values read well and keys stay stable. */
const tidy = (value: number, digits: number) => Number(value.toPrecision(digits));

/** The discrete values of a list, or of a range with steps; null for a continuous range. */
export function discreteValues(name: string, values: ParameterValues): unknown[] | null {
  if (Array.isArray(values)) return values;
  const { min, max, steps, scale } = values;
  if (steps === undefined) return null;
  const integer = isIntegerParameter(name, values);
  const points: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t = i / (steps - 1);
    const raw = scale === 'log' ? exp(log(min) + t * (log(max) - log(min))) : min + t * (max - min);
    const value = integer ? Math.round(raw) : tidy(raw, 12);
    // Rounding a fine integer range can repeat a value; a grid lists each once.
    if (!points.includes(value)) points.push(value);
  }
  return points;
}

/** One random draw: uniform over a list or the steps of a range, else continuous (log-uniform on a log axis). */
export function sampleValue(name: string, values: ParameterValues, rng: Rng): unknown {
  const discrete = discreteValues(name, values);
  if (discrete) return discrete[rng.int(discrete.length)];
  const range = values as Exclude<ParameterValues, unknown[]>;
  const { min, max, scale } = range;
  if (isIntegerParameter(name, range)) {
    if (scale === 'log') return Math.round(exp(log(min) + rng.next() * (log(max) - log(min))));
    const low = Math.ceil(min);
    return low + rng.int(Math.max(1, Math.floor(max) - low + 1));
  }
  const raw = scale === 'log' ? exp(log(min) + rng.next() * (log(max) - log(min))) : min + rng.next() * (max - min);
  // Four significant digits is finer than any hyperparameter matters and keeps tables readable.
  return tidy(raw, 4);
}
