import { describe, expect, it } from 'vitest';
import type { SweepRunRecord } from '../../../src/renderer/src/db/database';
import { activeSeconds, formatEta, sweepProgress } from '../../../src/renderer/src/features/sweeps/sweep-progress';
import { planSweep } from '../../../src/shared/engine/sweep-plan';
import { SweepSchema } from '../../../src/shared/schema/sweep';
import { experiment } from './run-fixtures';

// 8 combinations × 1 seed of 40 epochs, or the same with halving at 10 and 20 epochs.
const plain = SweepSchema.parse({ experiment: { ...experiment, training: { ...experiment.training, epochs: 40 } }, parameters: { learningRate: [1, 2, 3, 4, 5, 6, 7, 8].map((v) => v / 100) } });
const halving = SweepSchema.parse({ ...plain, halving: { at: [10, 20] } });

function records(definition = plain): SweepRunRecord[] {
  return planSweep(definition).runs.map((run) => ({ sweepId: 's', index: run.index, key: run.key, configKey: run.configKey, config: run.config, repeat: run.repeat, experiment: run.experiment, status: 'pending' }));
}
const set = (runs: SweepRunRecord[], indexes: number[], changes: Partial<SweepRunRecord>) => runs.map((run) => (indexes.includes(run.index) ? { ...run, ...changes } : run));

describe('sweep progress', () => {
  it('estimates the time left from wall-clock throughput, counting the epochs of runs in training', () => {
    let runs = set(records(), [0, 1], { status: 'done' });
    runs = set(runs, [2], { status: 'running' });
    // 2 runs × 40 epochs + 20 epochs in flight = 100 of 320 epochs in 50 s (overheads included): 2 epochs/s.
    const progress = sweepProgress(runs, plain, { elapsedSeconds: 50, inFlight: new Map([[2, 20]]) });
    expect(progress).toMatchObject({ finished: 2, total: 8, running: 1, failed: 0, cancelled: 0, work: { done: 100, total: 320 } });
    expect(progress.eta).toBeCloseTo(220 / 2, 12);
    expect(sweepProgress(records(), plain, { elapsedSeconds: 5 }).eta).toBeUndefined();
  });

  it('never goes backwards under successive halving', () => {
    const fractions: number[] = [];
    const finished: number[] = [];
    const record = (runs: SweepRunRecord[]) => {
      const { work, finished: f } = sweepProgress(runs, halving, { elapsedSeconds: 1 });
      fractions.push(work.done / work.total);
      finished.push(f);
      return work;
    };
    let runs = records(halving);
    // Expected: 8 × 10 + 4 × 20 + 2 × 40 epochs.
    expect(record(runs).total).toBe(240);
    runs = set(runs, [0, 1, 2, 3, 4, 5, 6], { status: 'done' });
    record(runs);
    runs = set(runs, [7], { status: 'done' });
    record(runs);
    // Rung 1: four survivors go back to pending, the others stop for good.
    runs = set(set(runs, [0, 1, 2, 3], { status: 'pending', rung: 1 }), [4, 5, 6, 7], { prunedAt: 10 });
    expect(record(runs)).toEqual({ done: 80, total: 240 });
    runs = set(runs, [0, 1], { status: 'done' });
    record(runs);
    // A whole combination failed at rung 1: only one survives to rung 2, the total shrinks.
    runs = set(runs, [2], { status: 'failed' });
    runs = set(runs, [3], { status: 'done' });
    record(runs);
    runs = set(set(runs, [0], { status: 'pending', rung: 2 }), [1, 3], { prunedAt: 20 });
    expect(record(runs)).toEqual({ done: 160, total: 200 });
    runs = set(runs, [0], { status: 'done' });
    expect(record(runs)).toEqual({ done: 200, total: 200 });
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    for (let i = 1; i < finished.length; i++) expect(finished[i]).toBeGreaterThanOrEqual(finished[i - 1]);
    expect(finished.at(-1)).toBe(8);
    expect(sweepProgress(runs, halving, { elapsedSeconds: 1 }).rung).toEqual({ current: 3, count: 3 });
  });

  it('counts cancelled runs apart, neither finished nor left to do', () => {
    let runs = set(records(), [0, 1, 2], { status: 'done' });
    runs = set(runs, [3], { status: 'failed' });
    runs = set(runs, [4, 5, 6, 7], { status: 'cancelled' });
    const progress = sweepProgress(runs, plain, { elapsedSeconds: 40 });
    expect(progress).toMatchObject({ finished: 4, total: 8, cancelled: 4, failed: 1, work: { done: 160, total: 320 } });
    expect(progress.eta).toBe(0);
  });

  it('counts only the time a sweep spent running', () => {
    expect(activeSeconds({ createdAt: 0, status: 'running', activeMs: 30_000, activeSince: 100_000 }, 110_000)).toBe(40);
    expect(activeSeconds({ createdAt: 0, status: 'paused', activeMs: 30_000, activeSince: 100_000 }, 500_000)).toBe(30);
    expect(activeSeconds({ createdAt: 1_000, status: 'running' }, 11_000)).toBe(10);
    expect([formatEta(undefined), formatEta(42.4), formatEta(125), formatEta(7322)]).toEqual(['estimating…', '42s left', '2m 05s left', '2h 02m left']);
  });
});
