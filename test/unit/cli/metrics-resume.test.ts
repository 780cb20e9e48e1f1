import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './run-cli';

// `train --resume … --metrics m.jsonl` continues the metrics file of the run it resumes: the
// lines up to the checkpoint's epoch stay as they were, lines an interrupted run wrote after that
// checkpoint (and a line cut off mid-write) are replaced by the resumed epochs.

const epochsOf = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line).epoch as number);

describe('metrics file of a resumed run', () => {
  it('keeps the epochs up to the checkpoint and continues after them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-metrics-resume-'));
    const experiment = JSON.parse(readFileSync(join(FIXTURES, 'iris.experiment.json'), 'utf8'));
    experiment.dataset.csv = join(FIXTURES, 'iris.csv');
    experiment.training.epochs = 4;
    const file = join(dir, 'iris.json');
    writeFileSync(file, JSON.stringify(experiment));
    const metrics = join(dir, 'metrics.jsonl');
    const checkpoint = join(dir, 'iris.ckpt.json');

    expect(runCli(['train', file, '--checkpoint', checkpoint, '--metrics', metrics]).status).toBe(0);
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
