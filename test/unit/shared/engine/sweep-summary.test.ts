import { describe, expect, it } from 'vitest';
import { higherIsBetter, metricValue, rankRuns, reportedMetrics, summarizeCombinations, type RankableRun } from '../../../../src/shared/engine/sweep-summary';
import { SWEEP_METRICS } from '../../../../src/shared/schema/sweep';

// Reading a sweep's outcome from any run records (CLI result lines, the app's stored runs):
// ranking in each metric's own direction, and seeds folded per combination.

const run = (configKey: string, final?: Record<string, number>, best?: Record<string, number>): RankableRun => ({ configKey, config: { key: configKey }, final, best });

describe('sweep summaries', () => {
  it('reads accuracy and R² as better high, losses and errors as better low', () => {
    expect(SWEEP_METRICS.filter(higherIsBetter)).toEqual(['trainAccuracy', 'trainR2', 'validationAccuracy', 'validationR2']);
  });

  it('takes a metric from the best or final epoch, and none that is missing or not finite', () => {
    const r = run('a', { trainLoss: 0.5, trainR2: Number.NaN, validationLoss: Number.POSITIVE_INFINITY }, { trainLoss: 0.25 });
    expect(metricValue(r, { metric: 'trainLoss', which: 'final' })).toBe(0.5);
    expect(metricValue(r, { metric: 'trainLoss', which: 'best' })).toBe(0.25);
    expect(metricValue(r, { metric: 'trainR2', which: 'final' })).toBeUndefined();
    expect(metricValue(r, { metric: 'validationLoss', which: 'final' })).toBeUndefined();
    expect(metricValue(r, { metric: 'validationR2', which: 'final' })).toBeUndefined();
    expect(metricValue(run('failed'), { metric: 'trainLoss', which: 'final' })).toBeUndefined();
  });

  it('ranks R² high first, runs without the metric last and in plan order', () => {
    const runs = [run('none1'), run('low', { validationR2: 0.2 }), run('none2', { validationR2: Number.NaN }), run('high', { validationR2: 0.9 })];
    expect(rankRuns(runs, { metric: 'validationR2', which: 'final' }).map((r) => r.configKey)).toEqual(['high', 'low', 'none1', 'none2']);
    expect(rankRuns(runs, { metric: 'trainLoss', which: 'final' }).map((r) => r.configKey)).toEqual(['none1', 'low', 'none2', 'high']);
  });

  it('summarizes one repeat with no spread, and a combination whose runs all failed with a count only, last', () => {
    const summaries = summarizeCombinations([run('failed'), run('single', { trainLoss: 0.3 }), run('pair', { trainLoss: 0.1 }), run('pair', { trainLoss: 0.4 }), run('failed')], {
      metric: 'trainLoss',
      which: 'final',
    });
    // Sample standard deviation of 0.1 and 0.4: √((0.15² + 0.15²) / 1).
    expect(summaries[0].std).toBeCloseTo(Math.sqrt(0.045), 15);
    expect(summaries).toEqual([
      { configKey: 'pair', config: { key: 'pair' }, count: 2, total: 2, mean: 0.25, std: summaries[0].std, min: 0.1, max: 0.4 },
      { configKey: 'single', config: { key: 'single' }, count: 1, total: 1, mean: 0.3, std: 0, min: 0.3, max: 0.3 },
      { configKey: 'failed', config: { key: 'failed' }, count: 0, total: 2 },
    ]);
  });

  it('divides the squared deviations by n − 1', () => {
    const [three] = summarizeCombinations([run('c', { trainLoss: 1 }), run('c', { trainLoss: 2 }), run('c', { trainLoss: 6 })], { metric: 'trainLoss', which: 'final' });
    // mean 3, deviations −2, −1, 3: (4 + 1 + 9) / 2 = 7.
    expect(three.std).toBeCloseTo(Math.sqrt(7), 14);
  });

  it('measures the spread from the mean, so a large common value (an RMSE in dollars) does not swamp it', () => {
    const [a, b] = [100_000.1, 100_000.3];
    const [pair] = summarizeCombinations([run('p', { validationRmse: a }), run('p', { validationRmse: b })], { metric: 'validationRmse', which: 'final' });
    // Two values: the sample standard deviation is their distance over √2.
    const exact = (b - a) / Math.SQRT2;
    expect(Math.abs(pair.std! - exact) / exact).toBeLessThan(1e-12);
  });

  it('lists the metrics some run reports, at its best or final epoch, in the fixed order', () => {
    expect(reportedMetrics([run('a', { validationLoss: 1 }), run('b', undefined, { trainAccuracy: 0.5 })], SWEEP_METRICS)).toEqual(['trainAccuracy', 'validationLoss']);
    expect(reportedMetrics([run('a')], SWEEP_METRICS)).toEqual([]);
  });
});
