import { ImportError } from './import-error';

// Filling missing feature values after the split, from the training rows only (like the
// normalization statistics: a validation row must not leak into what the model is trained on).
// Numeric cells wait as NaN in the feature matrix; categorical cells wait as an all-zero one-hot
// block listed in `pendingCategorical`.

export interface NumericFill {
  kind: 'numeric';
  column: string;
  /** Feature index of the column. */
  feature: number;
  how: 'mean' | 'mostFrequent';
}

export interface CategoricalFill {
  kind: 'categorical';
  column: string;
  /** Feature index of the first one-hot slot. */
  feature: number;
  categories: string[];
  /** Dataset rows whose block is still empty. */
  rows: number[];
}

export interface FilledColumn {
  column: string;
  count: number;
  /** The value written, as text ("5.84", "red"). */
  value: string;
}

/** Mean or most frequent of the non-NaN training values of one feature; null when there are none. */
function numericFillValue(x: Float32Array | Float64Array, width: number, fill: NumericFill, trainRows: ArrayLike<number>): number | null {
  let sum = 0;
  let n = 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < trainRows.length; i++) {
    const v = x[trainRows[i] * width + fill.feature];
    if (Number.isNaN(v)) continue;
    n++;
    if (fill.how === 'mean') sum += v;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  if (n === 0) return null;
  if (fill.how === 'mean') return sum / n;
  // Ties go to the smallest value, so the choice never depends on row order.
  let best = Infinity;
  let bestCount = 0;
  for (const [v, c] of counts) if (c > bestCount || (c === bestCount && v < best)) [best, bestCount] = [v, c];
  return best;
}

/**
 * Fills every pending cell; returns what was written per column. Throws (with the column name) when
 * a column has no value at all in the training rows to fill from.
 */
export function fillMissing(
  fileName: string,
  x: Float32Array | Float64Array,
  width: number,
  rows: number,
  fills: (NumericFill | CategoricalFill)[],
  trainRows: ArrayLike<number>,
): FilledColumn[] {
  const report: FilledColumn[] = [];
  for (const fill of fills) {
    if (fill.kind === 'numeric') {
      const value = numericFillValue(x, width, fill, trainRows);
      let count = 0;
      for (let r = 0; r < rows; r++) {
        const at = r * width + fill.feature;
        if (Number.isNaN(x[at])) {
          if (value === null) throw new ImportError({ file: fileName, column: fill.column }, 'no values in the training rows to fill its missing values from');
          x[at] = value;
          count++;
        }
      }
      if (count > 0) report.push({ column: fill.column, count, value: String(Number(value!.toPrecision(7))) });
    } else if (fill.rows.length > 0) {
      const counts = new Float64Array(fill.categories.length);
      for (let i = 0; i < trainRows.length; i++) {
        for (let k = 0; k < counts.length; k++) counts[k] += x[trainRows[i] * width + fill.feature + k];
      }
      let best = 0;
      for (let k = 1; k < counts.length; k++) if (counts[k] > counts[best]) best = k;
      if (counts[best] === 0) throw new ImportError({ file: fileName, column: fill.column }, 'no values in the training rows to fill its missing values from');
      for (const r of fill.rows) x[r * width + fill.feature + best] = 1;
      report.push({ column: fill.column, count: fill.rows.length, value: fill.categories[best] });
    }
  }
  return report;
}
