import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './run-cli';

// `train --resume … --metrics m.jsonl` continues the metrics file of the run it resumes: the
// lines up to the checkpoint's epoch stay as they were, lines an interrupted run wrote after that
// checkpoint (and a line cut off mid-write) are replaced by the resumed epochs. A file written
// before the times had their names (one cumulative `seconds`) is continued in today's form.

const epochsOf = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line).epoch as number);

/** A 4-epoch Iris run with a checkpoint at its end and its metrics file. */
function trainedRun() {
  const dir = mkdtempSync(join(tmpdir(), 'nn-metrics-resume-'));
  const experiment = JSON.parse(readFileSync(join(FIXTURES, 'iris.experiment.json'), 'utf8'));
  experiment.dataset.csv = join(FIXTURES, 'iris.csv');
  experiment.training.epochs = 4;
  const file = join(dir, 'iris.json');
  writeFileSync(file, JSON.stringify(experiment));
  const metrics = join(dir, 'metrics.jsonl');
  const checkpoint = join(dir, 'iris.ckpt.json');
  expect(runCli(['train', file, '--checkpoint', checkpoint, '--metrics', metrics]).status).toBe(0);
  return { metrics, checkpoint };
}

describe('metrics file of a resumed run', () => {
  it('continues a file written with one cumulative `seconds`, its lines renamed and each epoch given its own seconds', () => {
    const { metrics, checkpoint } = trainedRun();
    const old = [
      { epoch: 1, loss: 0.9, accuracy: 0.5, learningRate: 0.05, seconds: 0.25 },
      { epoch: 2, loss: 0.7, accuracy: 0.6, learningRate: 0.05, seconds: 0.75 },
      { epoch: 3, loss: 0.5, accuracy: 0.7, learningRate: 0.05, seconds: 1.5 },
      { epoch: 4, loss: 0.4, accuracy: 0.8, learningRate: 0.05, seconds: 2.5 },
    ];
    writeFileSync(metrics, old.map((line) => `${JSON.stringify(line)}\n`).join(''));

    const resumed = runCli(['train', '--resume', checkpoint, '--epochs', '5', '--metrics', metrics]);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    const lines = readFileSync(metrics, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.slice(0, 4)).toEqual([
      { epoch: 1, loss: 0.9, accuracy: 0.5, learningRate: 0.05, trainMetrics: 'full', epochSeconds: 0.25, totalSeconds: 0.25 },
      { epoch: 2, loss: 0.7, accuracy: 0.6, learningRate: 0.05, trainMetrics: 'full', epochSeconds: 0.5, totalSeconds: 0.75 },
      { epoch: 3, loss: 0.5, accuracy: 0.7, learningRate: 0.05, trainMetrics: 'full', epochSeconds: 0.75, totalSeconds: 1.5 },
      { epoch: 4, loss: 0.4, accuracy: 0.8, learningRate: 0.05, trainMetrics: 'full', epochSeconds: 1, totalSeconds: 2.5 },
    ]);
    expect(lines[4]).toMatchObject({ epoch: 5, trainMetrics: 'running', epochSeconds: expect.any(Number), totalSeconds: expect.any(Number) });
    expect(lines.every((line) => !('seconds' in line))).toBe(true);
  });

  it('keeps the epochs up to the checkpoint and continues after them', () => {
    const { metrics, checkpoint } = trainedRun();
    const first = readFileSync(metrics, 'utf8');
    expect(epochsOf(first)).toEqual([1, 2, 3, 4]);
    // As if the run had gone on past its checkpoint and been killed while writing a line.
    writeFileSync(metrics, `${first}{"epoch":5,"loss":0.1}\n{"epoch":6,"lo`);

    const resumed = runCli(['train', '--resume', checkpoint, '--epochs', '7', '--metrics', metrics]);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    const text = readFileSync(metrics, 'utf8');
    expect(epochsOf(text)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(text.startsWith(first)).toBe(true);
    expect(text).not.toContain('"loss":0.1}');
  });
});
