import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWeights } from '../../../src/shared/nn/weights-json';
import { ExperimentSchema } from '../../../src/shared/schema/experiment';
import { TUTORIAL_EXAMPLES } from '../../../src/renderer/src/features/experiments/tutorial-examples';
import { FIXTURES, runCli } from './run-cli';

// The first tutorial reproduced exactly: test/reference/tutorial_xor.py runs the tutorial's own
// numpy code (np.random.rand weights, Σ(y − ŷ)², weights += d_weights, 1500 iterations) and saves
// its starting and final weights; the CLI trains the same experiment from those starting weights.
// In float64 the two must agree to rounding: 1e-9 relative per weight (they differ by ~1e-14).

const DIR = join(FIXTURES, 'tutorial');
const experimentPath = join(DIR, 'xor.experiment.json');

interface TutorialFinal {
  iterations: number;
  layers: { W: number[][] }[];
  output: number[];
  loss: number;
}

describe("the first tutorial's XOR network", () => {
  it("the app's example is this experiment, on the same four rows", () => {
    const fixture = ExperimentSchema.parse(JSON.parse(readFileSync(experimentPath, 'utf8')));
    const example = ExperimentSchema.parse(TUTORIAL_EXAMPLES.find((e) => e.id === 'tutorial-xor')!.experiment);
    expect(example.model).toEqual(fixture.model);
    expect(example.training).toEqual(fixture.training);
    expect(example.dataset).toEqual({ stored: 'builtin/xor-tutorial' });
    expect(fixture.dataset).toMatchObject({ csv: '../../../resources/datasets/xor-tutorial.csv' });
  });

  it('the CLI from the tutorial\'s starting weights ends on the tutorial\'s weights within 1e-9 relative', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'nn-tutorial-')), 'xor.weights.json');
    const run = runCli(['train', experimentPath, '--init', join(DIR, 'xor.initial.weights.json'), '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const expected: TutorialFinal = JSON.parse(readFileSync(join(DIR, 'xor.final.json'), 'utf8'));
    expect(expected.iterations).toBe(1500);
    const trained = parseWeights(readFileSync(out, 'utf8'));
    expect(trained.layers.map((layer) => [layer.W.length, layer.W[0].length, layer.bias, layer.b])).toEqual([
      [4, 3, false, [0, 0, 0, 0]],
      [1, 4, false, [0]],
    ]);
    let worst = 0;
    trained.layers.forEach((layer, l) =>
      layer.W.forEach((row, i) =>
        row.forEach((w, k) => {
          const reference = expected.layers[l].W[i][k];
          worst = Math.max(worst, Math.abs(w - reference) / Math.abs(reference));
        }),
      ),
    );
    expect(worst).toBeLessThan(1e-9);
    // The weights moved far from [0, 1): equal weights are a real reproduction, not a run that stood still.
    expect(Math.max(...expected.layers[1].W[0].map(Math.abs))).toBeGreaterThan(3);
    // The CLI's last line reports the tutorial's loss Σ(y − ŷ)² after the last step.
    expect(run.stdout).toContain(`train loss ${expected.loss.toPrecision(5)}, accuracy 100.00%`);
  });

  it('inspect shows the layers without bias: b and db zero, b not gradient-checked, the loss a plain sum of squares', () => {
    const run = runCli(['inspect', experimentPath, '--rows', '0,3']);
    expect(run.status).toBe(0);
    const step = JSON.parse(run.stdout);
    expect(step.loss).toMatchObject({ name: 'sse', reduction: 'sum' });
    const A: number[] = step.forward[1].A[0];
    expect(step.loss.value).toBeCloseTo((A[0] - 0) ** 2 + (A[1] - 0) ** 2, 15);
    for (const layer of step.backward) expect(layer.db.flat().every((v: number) => v === 0)).toBe(true);
    expect(step.gradcheck.map((layer: { b: { checked: number }; W: { checked: number } }) => [layer.W.checked, layer.b.checked])).toEqual([
      [12, 0],
      [4, 0],
    ]);
  });
});
