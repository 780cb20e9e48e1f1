import type { MissingPolicy } from '../../../../shared/data/import-plan';

// The missing-value policies in the words the wizard shows.

export const MISSING_LABELS: Record<MissingPolicy, string> = {
  fail: 'stop and show the first one',
  drop: 'drop the row',
  mean: 'fill with the mean (most frequent for categories)',
  mostFrequent: 'fill with the most frequent value',
};
