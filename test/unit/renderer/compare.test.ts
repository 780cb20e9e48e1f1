import { describe, expect, it } from 'vitest';
import { compareRoute, comparedRunIds } from '../../../src/renderer/src/app/compare-route';
import { hyperparameterRows } from '../../../src/renderer/src/components/hyperparameters';
import { RUN_COLORS, runColor } from '../../../src/renderer/src/features/compare/run-colors';
import { bestIndex, summarize } from '../../../src/renderer/src/features/compare/summaries';
import { metricsCsv } from '../../../src/renderer/src/components/metrics-csv';
import type { RunRecord } from '../../../src/renderer/src/db/database';
import { ExperimentSchema } from '../../../src/shared/schema/experiment';
import { epochEvent, experiment } from './run-fixtures';

describe('hyperparameter diff', () => {
  it('flags exactly the settings that differ, including ones only some runs have', () => {
    const faster = ExperimentSchema.parse({ ...experiment, training: { ...experiment.training, optimizer: { name: 'adam', learningRate: 0.1 } } });
    const sgd = ExperimentSchema.parse({ ...experiment, training: { ...experiment.training, optimizer: { name: 'sgd', learningRate: 0.01 } } });
    const rows = hyperparameterRows([experiment, faster, sgd]);
    const differing = rows.filter((row) => row.differs).map((row) => row.path);
    expect(differing).toEqual([
      'training.optimizer.name',
      'training.optimizer.learningRate',
      'training.optimizer.beta1',
      'training.optimizer.beta2',
      'training.optimizer.epsilon',
    ]);
    expect(rows.find((row) => row.path === 'training.optimizer.learningRate')?.values).toEqual(['0.01', '0.1', '0.01']);
    expect(rows.find((row) => row.path === 'training.optimizer.beta1')?.values).toEqual(['0.9', '0.9', '—']);
    expect(rows.find((row) => row.path === 'model.layers[0].units')).toEqual({ path: 'model.layers[0].units', values: ['8', '8', '8'], differs: false });
    expect(rows.some((row) => row.path === 'name')).toBe(false);
  });

  it('compares layer counts when architectures differ in depth', () => {
    const deeper = ExperimentSchema.parse({ ...experiment, model: { ...experiment.model, layers: [{ units: 8, activation: 'tanh' }, ...experiment.model.layers] } });
    const rows = hyperparameterRows([experiment, deeper]);
    expect(rows.find((row) => row.path === 'model.layers.length')?.values).toEqual(['2', '3']);
    expect(rows.find((row) => row.path === 'model.layers[2].units')?.values).toEqual(['—', '1']);
  });
});

describe('run summaries', () => {
  const events = [1, 2, 3, 4].map((epoch) => epochEvent(epoch, 4));
  events[3] = { ...events[3], validation: { loss: 0.9, accuracy: 0.5 } };

  it('reports final, best (with its epoch) and at-epoch values', () => {
    expect(summarize(events, 'validation', 'loss', 2)).toEqual({ final: 0.9, best: { value: 1.1 / 3, epoch: 3 }, atEpoch: 1.1 / 2 });
    expect(summarize(events, 'validation', 'accuracy', 9)).toEqual({ final: 0.5, best: { value: 0.45 + 3 / 20, epoch: 3 } });
    expect(summarize(events, 'train', 'loss', 4).final).toBe(0.25);
  });

  it('marks the lowest loss and the highest accuracy, only among two or more values', () => {
    expect(bestIndex([0.5, 0.2, undefined, 0.3], 'loss')).toBe(1);
    expect(bestIndex([0.5, 0.9, 0.9], 'accuracy')).toBe(1);
    expect(bestIndex([0.5, undefined], 'loss')).toBe(-1);
    expect(bestIndex([Number.NaN, 0.4, 0.3], 'loss')).toBe(2);
  });
});

describe('compare links and colours', () => {
  it('round-trips the run ids through the route, without duplicates', () => {
    expect(compareRoute(['a', 'b'])).toEqual({ page: 'compare', id: 'a,b' });
    expect(comparedRunIds({ page: 'compare', id: 'a,b,a,' })).toEqual(['a', 'b']);
    expect(comparedRunIds({ page: 'compare' })).toEqual([]);
  });

  it('gives every run of a large comparison its own colour', () => {
    expect(new Set(RUN_COLORS).size).toBe(20);
    const colours = Array.from({ length: 300 }, (_, i) => runColor(i));
    expect(new Set(colours).size).toBe(300);
    expect(colours.slice(0, 20)).toEqual(RUN_COLORS);
  });
});

describe('metrics CSV', () => {
  it('writes one row per run and epoch, quoting names and leaving missing metrics empty', () => {
    const run = { id: 'r1', name: 'spirals, "fast"', status: 'done' } as RunRecord;
    const noValidation = { ...epochEvent(1), validation: undefined };
    // Epoch 2 as recorded before epochs had their own seconds and a train_metrics (all full then).
    const running = { ...noValidation, epochSeconds: 0.0625, trainMetrics: 'running' as const };
    const csv = metricsCsv([{ run, epochs: [{ runId: 'r1', epoch: 1, event: running }, { runId: 'r1', epoch: 2, event: epochEvent(2) }] }]);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'run_id,run_name,status,epoch,epoch_seconds,total_seconds,learning_rate,train_metrics,train_loss,train_accuracy,train_mae,train_rmse,train_r2,validation_loss,validation_accuracy,validation_mae,validation_rmse,validation_r2',
    );
    expect(lines[1]).toBe('r1,"spirals, ""fast""",done,1,0.0625,0.1,0.01,running,1,0.55,,,,,,,,');
    expect(lines[2]).toBe('r1,"spirals, ""fast""",done,2,,0.2,0.01,full,0.5,0.6,,,,0.55,0.55,,,');
    expect(lines).toHaveLength(3);
  });

  it('neutralizes a run name a spreadsheet would run as a formula; numbers, negative ones too, stay numbers', () => {
    const run = { id: 'r2', name: '=HYPERLINK("http://evil.example","open")', status: 'done' } as RunRecord;
    const event = { ...epochEvent(1), validation: undefined, train: { loss: 0.5, r2: -0.25 } };
    const csv = metricsCsv([{ run, epochs: [{ runId: 'r2', epoch: 1, event }] }]);
    expect(csv.trimEnd().split('\n')[1]).toBe(`r2,"'=HYPERLINK(""http://evil.example"",""open"")",done,1,,0.1,0.01,full,0.5,,,,-0.25,,,,,`);
  });
});
