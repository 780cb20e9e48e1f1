// Equal-width histogram of a set of numbers, for weight and activation distributions.

export interface Histogram {
  min: number;
  max: number;
  counts: number[];
}

export function histogram(values: ArrayLike<number>, bins = 30): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    // Math.min/max order −0 below +0, so the range of a set holding both does not depend on which comes first.
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const counts = new Array<number>(bins).fill(0);
  if (min === Infinity) return { min: 0, max: 0, counts };
  // A constant set (all-zero init, a dead layer) goes into one bin in the middle.
  const width = (max - min) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    counts[width === 0 ? Math.floor(bins / 2) : Math.min(bins - 1, Math.floor((v - min) / width))]++;
  }
  return { min, max, counts };
}
