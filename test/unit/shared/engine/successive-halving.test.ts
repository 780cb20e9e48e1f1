import { describe, expect, it } from 'vitest';
import { defaultMetric, halvingSurvivors } from '../../../../src/shared/engine/successive-halving';
import type { RankableRun } from '../../../../src/shared/engine/sweep-summary';

// Successive halving: which combinations go on to the next rung, and by which metric when the
// sweep names none.

const run = (configKey: string, final?: Record<string, number>): RankableRun => ({ configKey, config: {}, final });

describe('successive halving', () => {
  it('ranks by the validation loss when runs have one, else the training loss; for regression by the RMSE', () => {
    expect(defaultMetric([run('a', { trainLoss: 1 }), run('b', { trainLoss: 1, validationLoss: 2 })])).toBe('validationLoss');
    expect(defaultMetric([run('a', { trainLoss: 1 }), run('b')])).toBe('trainLoss');
    expect(defaultMetric([run('a', { trainLoss: 1, trainRmse: 3 })])).toBe('trainRmse');
    expect(defaultMetric([run('a', { validationLoss: 1, validationRmse: 3 })])).toBe('validationRmse');
    // One regression run with metrics is enough (the others failed).
    expect(defaultMetric([run('failed'), run('a', { trainLoss: 1, trainRmse: 3 })])).toBe('trainRmse');
    // A train RMSE does not make the validation metric RMSE.
    expect(defaultMetric([run('a', { validationLoss: 1, trainRmse: 3 })])).toBe('validationLoss');
  });

  it('keeps the better ceil(n / 2) of n combinations by the mean over seeds, by the default metric unless told', () => {
    const runs = [run('a', { validationLoss: 0.9, validationAccuracy: 0.9 }), run('b', { validationLoss: 0.1, validationAccuracy: 0.1 }), run('c', { validationLoss: 0.5, validationAccuracy: 0.5 })];
    expect(halvingSurvivors(runs)).toEqual(new Set(['b', 'c']));
    expect(halvingSurvivors(runs, 'validationAccuracy')).toEqual(new Set(['a', 'c']));
    // Seeds: 'a' averages 0.3, better than 'b' at 0.4 although 'b' has the best single run.
    const seeds = [run('a', { trainLoss: 0.2 }), run('a', { trainLoss: 0.4 }), run('b', { trainLoss: 0.1 }), run('b', { trainLoss: 0.7 })];
    expect(halvingSurvivors(seeds, 'trainLoss')).toEqual(new Set(['a']));
  });
});
