import { createRng, shuffleInPlace } from '../nn/rng';
import type { Target } from './dataset';

// Seeded train / validation / test split of row indices. For classification every class is split
// in the same proportions (stratified), so a small validation set still sees every class; the
// per-class counts are chosen by largest remainder so the totals are exactly round(fraction × rows).

export interface SplitFractions {
  validation: number;
  test?: number;
  seed: number;
}

export interface RowSplit {
  train: Int32Array;
  validation: Int32Array;
  test?: Int32Array;
}

/** Row indices of each group (one group per class, or a single group for regression). */
function groupsOf(target: Target, rows: number): number[][] {
  if (target.kind === 'values') return [Array.from({ length: rows }, (_, i) => i)];
  const groups: number[][] = target.classes.map(() => []);
  target.labels.forEach((label, row) => groups[label].push(row));
  return groups;
}

/** Splits `total` into per-group counts proportional to the group sizes, summing exactly to `total`. */
function apportion(total: number, sizes: number[], rows: number): number[] {
  const quotas = sizes.map((size) => (total * size) / rows);
  const counts = quotas.map(Math.floor);
  const left = total - counts.reduce((sum, n) => sum + n, 0);
  // The remainders sum to `left`, each below 1, so `left` is below the number of groups with a
  // remainder: the first `left` of them by remainder get one row more, which never exceeds a group's
  // size (total < rows makes every quota smaller than its group). Sorting is stable, so equal
  // remainders keep the groups' order.
  const byRemainder = quotas.map((q, g) => ({ g, r: q - Math.floor(q) })).sort((a, b) => b.r - a.r);
  for (const { g } of byRemainder.slice(0, left)) counts[g]++;
  return counts;
}

const sorted = (rows: number[]) => Int32Array.from(rows).sort();

export function splitRows(target: Target, rows: number, { validation, test = 0, seed }: SplitFractions): RowSplit {
  if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
    throw new Error(`validation (${validation}) and test (${test}) fractions must be ≥ 0 and leave rows for training`);
  }
  const groups = groupsOf(target, rows);
  const sizes = groups.map((g) => g.length);
  const validationCount = Math.round(validation * rows);
  const testCount = Math.round(test * rows);
  if (validationCount + testCount >= rows) {
    throw new Error(`${rows} rows are too few to hold out ${validationCount + testCount} and still train`);
  }
  const validationCounts = apportion(validationCount, sizes, rows);
  const testCounts = apportion(testCount, sizes.map((size, g) => size - validationCounts[g]), rows - validationCount);

  const rng = createRng(seed);
  const split = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  groups.forEach((group, g) => {
    shuffleInPlace(group, rng);
    group.forEach((row, i) => {
      if (i < validationCounts[g]) split.validation.push(row);
      else if (i < validationCounts[g] + testCounts[g]) split.test.push(row);
      else split.train.push(row);
    });
  });
  return {
    train: sorted(split.train),
    validation: sorted(split.validation),
    ...(testCount > 0 ? { test: sorted(split.test) } : {}),
  };
}
