import { describe, expect, it } from 'vitest';
import { importResults } from '../../../src/renderer/src/features/sweeps/import-results';
import { planSweep } from '../../../src/shared/engine/sweep-plan';
import { SweepSchema } from '../../../src/shared/schema/sweep';
import type { SweepResultLine } from '../../../src/shared/schema/sweep-result';
import { experiment } from './run-fixtures';

const plan = planSweep(SweepSchema.parse({ name: 'lr', experiment, parameters: { learningRate: [0.1, 0.01], activation: ['tanh', 'relu'] }, repeats: 2 }));
const lines: SweepResultLine[] = plan.runs.map((run) => ({
  format: 'nn-workbench.sweep-result',
  version: 1,
  sweep: plan.sweepId,
  runs: plan.runs.length,
  index: run.index,
  key: run.key,
  configKey: run.configKey,
  config: run.config,
  repeat: run.repeat,
  experiment: run.experiment,
  status: 'done',
  epochs: 5,
  final: { trainLoss: run.index / 10 },
  seconds: 0.5,
}));
const jsonl = (rows: SweepResultLine[]) => rows.map((line) => JSON.stringify(line)).join('\n');

describe('importing a results file', () => {
  it('rebuilds the parameters, seeds and runs of the sweep', () => {
    const { sweep, runs } = importResults(jsonl(lines.slice(0, 7)), 'merged.jsonl', { id: 's1', createdAt: 5 });
    expect(sweep).toMatchObject({ id: 's1', status: 'done', imported: true, planId: plan.sweepId, total: 8, missing: [7], combinations: 4, name: 'lr (imported from merged.jsonl, 1 of 8 runs missing)' });
    expect(sweep.definition.parameters).toEqual({ learningRate: [0.1, 0.01], activation: ['tanh', 'relu'] });
    expect(sweep.definition.repeats).toBe(2);
    expect(runs.map((run) => [run.index, run.status, run.final?.trainLoss])).toEqual(lines.slice(0, 7).map((line) => [line.index, 'done', line.index / 10]));
    expect(runs.every((run) => run.runId === undefined && run.sweepId === 's1')).toBe(true);
  });

  it('imports a file whose last line a crash cut off, saying so in the name', () => {
    const text = `${jsonl(lines.slice(0, 3))}\n${JSON.stringify(lines[3]).slice(0, 100)}`;
    const { sweep, runs } = importResults(text, 'crashed.jsonl', { id: 's2', createdAt: 5 });
    expect(runs.map((run) => run.index)).toEqual([0, 1, 2]);
    expect(sweep.name).toBe('lr (imported from crashed.jsonl, 5 of 8 runs missing, line 4 cut off mid-write and left out)');
  });

  it('says which line of which file is not a result', () => {
    expect(() => importResults(`${JSON.stringify(lines[0])}\n{"format":"other"}`, 'x.jsonl', { id: 's', createdAt: 0 })).toThrow('x.jsonl line 2: not a sweep result — format:');
  });
});
