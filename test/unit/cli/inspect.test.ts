import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/cli/load-dataset';
import { loadExperiment } from '../../../src/cli/load-experiment';
import { inspectionToJson } from '../../../src/shared/engine/inspection-json';
import { StepInspector } from '../../../src/shared/engine/inspect-step';
import { FIXTURES, runCli } from './run-cli';

// `nn-workbench inspect` prints what the app's inspector shows: the same engine function, so the
// JSON equals an in-process inspection number for number.

const IRIS = join(FIXTURES, 'iris.experiment.json');

describe('inspect command', () => {
  it('prints forward, loss, backward, update and gradcheck for chosen rows, equal to the engine', async () => {
    const run = runCli(['inspect', IRIS, '--rows', '0,60,120']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed.rows).toEqual([0, 60, 120]);
    expect(printed.forward.map((f: { layer: number }) => f.layer)).toEqual([1, 2]);
    // Tutorial orientation: W[1] is 8 × 4, Z[1] is 8 × m with one column per sample.
    expect([printed.forward[0].W.length, printed.forward[0].W[0].length]).toEqual([8, 4]);
    expect([printed.forward[0].Z.length, printed.forward[0].Z[0].length]).toEqual([8, 3]);
    expect(printed.backward[1].fused).toBe(true);
    expect(Object.keys(printed.update.layers[0].W.state).sort()).toEqual(['m', 'v']);
    expect(printed.gradcheck.every((c: { maxRelativeError: number }) => c.maxRelativeError < 1e-7)).toBe(true);

    const experiment = loadExperiment(IRIS);
    const inspector = await StepInspector.create(experiment, await loadDataset(experiment, IRIS));
    const local = JSON.parse(JSON.stringify(inspectionToJson(inspector.inspect({ rows: [0, 60, 120] }, { gradcheck: true }))));
    expect(printed).toEqual(local);
  });

  it('--epoch replays the run and --init starts from saved weights', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
    const experiment = JSON.parse(readFileSync(IRIS, 'utf8'));
    experiment.dataset.csv = join(FIXTURES, 'iris.csv');
    experiment.training.epochs = 2;
    const path = join(dir, 'iris.json');
    writeFileSync(path, JSON.stringify(experiment));
    expect(runCli(['train', path, '--out', join(dir, 'w.json')]).status).toBe(0);
    const replayed = JSON.parse(runCli(['inspect', path, '--epoch', '2', '--batch', '3']).stdout);
    const saved = JSON.parse(runCli(['inspect', path, '--init', join(dir, 'w.json'), '--epoch', '2', '--batch', '3']).stdout);
    expect(replayed.source).toBe('replay');
    expect(saved.source).toBe('weights');
    expect(replayed.batch).toEqual({ index: 3, of: 8, epoch: 3 });
    expect(saved.rows).toEqual(replayed.rows);
    expect(saved.forward[0].W).toEqual(replayed.forward[0].W);
    // Saved weights carry no Adam state: that update starts it afresh, and says so.
    expect(saved.update.step).toBe(1);
    expect(replayed.update.step).toBe(2 * 8 + 1);
    expect(saved.notes.join(' ')).toContain('not stored with weights');
  });

  it('refuses bad selections with a usage message', () => {
    const both = runCli(['inspect', IRIS, '--rows', '1', '--batch', '2']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('inspect: give --rows or --batch, not both.');
    const outside = runCli(['inspect', IRIS, '--rows', '150']);
    expect(outside.status).toBe(1);
    expect(outside.stderr).toBe('nn-workbench: rows: 150 is not a row of the dataset (0 to 149)\n');
    const word = runCli(['inspect', IRIS, '--batch', 'two']);
    expect(word.stderr).toContain("inspect: --batch expects a whole number, got 'two'.");
  });
});
