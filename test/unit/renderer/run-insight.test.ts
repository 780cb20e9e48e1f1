import { describe, expect, it } from 'vitest';
import { histogram } from '../../../src/shared/nn/histogram';
import { formatFigure, formatRatio, messageHeadline } from '../../../src/renderer/src/components/format';
import { networkWarnings } from '../../../src/shared/engine/network-health';
import { evaluateWeights, evaluationRows, weightsDatasetProblem } from '../../../src/renderer/src/features/runs/run-evaluation';
import { resolveSyntheticDataset } from '../../../src/shared/data/synthetic';
import { runSession } from '../../../src/shared/engine/session';
import { predict } from '../../../src/shared/nn/weights-json';
import { ExperimentSchema } from '../../../src/shared/schema/experiment';
import type { EpochEvent, LayerDiagnostics } from '../../../src/shared/schema/progress';

const healthy: LayerDiagnostics = { weightNorm: 1, gradientNorm: 0.1, updateRatio: 1e-3, activationMean: 0, activationStd: 0.5, deadFraction: 0, saturatedFraction: 0 };

const experiment = ExperimentSchema.parse({
  dataset: { synthetic: 'moons', samples: 200, seed: 3 },
  model: { layers: [{ units: 8, activation: 'relu' }, { units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
  training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 30, batchSize: 32, validationSplit: 0.25, seed: 5 },
});

function event(epoch: number, layers: Partial<LayerDiagnostics>[]): EpochEvent {
  return { epoch, epochs: 10, train: { loss: 0.5 }, learningRate: 0.01, seconds: epoch, layers: layers.map((layer) => ({ ...healthy, ...layer })) };
}

describe('network health warnings', () => {
  it('says nothing about a healthy network', () => {
    expect(networkWarnings(experiment, [event(1, [{}, {}, {}]), event(2, [{}, {}, {}])])).toEqual([]);
  });

  it('names vanishing gradients, dead ReLUs and saturated tanh units by layer', () => {
    const warnings = networkWarnings(experiment, [event(1, [{}, {}, {}]), event(2, [{ gradientNorm: 1e-6, deadFraction: 0.75 }, { saturatedFraction: 0.9 }, {}])]);
    expect(warnings.map((warning) => warning.kind)).toEqual(['vanishing', 'dead', 'saturated']);
    expect(warnings[0].text).toMatch(/^Vanishing gradients: layer 1 gets a gradient 100,000× smaller than the largest/);
    expect(warnings[1].text).toMatch(/^Dead ReLUs: 75 % of layer 1's units output 0/);
    expect(warnings[2].text).toMatch(/^Saturated tanh: 90 % of layer 2's outputs sit in the flat tails/);
  });

  it('reports exploding gradients and runaway weights, in compact numbers', () => {
    expect(networkWarnings(experiment, [event(1, [{}, {}, {}]), event(2, [{}, { gradientNorm: 5e4 }, {}])])[0].text).toMatch(
      /^Exploding: gradients grew up to 500,000× since epoch 1 in layer 2 \(‖dW‖ of layer 2: 0\.1 → 5\.0e4\)/,
    );
    expect(networkWarnings(experiment, [event(0, [{}, { gradientNorm: 5e4 }, {}])])[0].text).toMatch(
      /^Exploding: gradients are far too large in layer 2 \(‖dW‖ up to 5\.0e4 in layer 2; healthy stays below about 1000\)/,
    );
    expect(networkWarnings(experiment, [event(1, [{}, {}, {}]), event(9, [{ weightNorm: 250 }, {}, {}])])[0].text).toMatch(
      /^Exploding: weights grew up to 250× since epoch 1 in layer 1 \(‖W‖ of layer 1: 1 → 250\)\. /,
    );
    expect(networkWarnings(experiment, [event(0, [{}, {}, {}]), event(9, [{ weightNorm: 1e110 }, {}, {}])])[0].text).toMatch(
      /^Exploding: weights grew up to 1\.0e110× since initialization in layer 1 \(‖W‖ of layer 1: 1 → 1\.0e110\)/,
    );
  });

  it('names overflow, and never blames vanishing gradients when the weights exploded or a gradient is exactly 0', () => {
    const warnings = networkWarnings(experiment, [event(0, [{}, {}, {}]), event(3, [{ weightNorm: Infinity, gradientNorm: 1e-300 }, { gradientNorm: 1e10 }, {}])]);
    expect(warnings.map((warning) => warning.kind)).toEqual(['exploding']);
    expect(warnings[0].text).toMatch(/^Exploding: weights overflowed in layer 1 \(‖W‖ is ∞\); gradients grew up to 1\.0e11× since initialization in layer 2/);
    const zero = networkWarnings(experiment, [event(0, [{}, {}, {}]), event(3, [{ gradientNorm: 0 }, {}, {}])]);
    expect(zero.map((warning) => warning.kind)).toEqual(['zero-gradient']);
    expect(zero[0].text).toMatch(/^Zero gradients: ‖dW‖ is exactly 0 in layer 1, so its weights cannot change/);
    for (const warning of [...warnings, ...zero]) expect(warning.text).not.toMatch(/∞×|Infinity|\d{7}/);
  });

  it('merges layers that barely change into one warning', () => {
    const warnings = networkWarnings(experiment, [event(1, [{}, {}, {}]), event(2, [{ updateRatio: 1e-9 }, { updateRatio: 3e-8 }, {}])]);
    expect(warnings).toEqual([
      { kind: 'stalled', text: 'Layers 1 and 2 barely change: the last update was at most 3.0e-8 of the weights (around 1e-3 is healthy). Raise the learning rate if the loss is still high.' },
    ]);
  });
});

describe('formatting diagnostic figures', () => {
  it('keeps every figure short whatever its size', () => {
    expect([0, 0.0123, 1.5, 250, 12345, 1e110, 3.4e-9, -2e-7, Infinity, NaN].map(formatFigure)).toEqual(['0', '0.0123', '1.5', '250', '1.2e4', '1.0e110', '3.4e-9', '-2.0e-7', '∞', 'NaN']);
    expect([40.4, 1200, 3e12, Infinity].map(formatRatio)).toEqual(['40×', '1,200×', '3.0e12×', 'vastly']);
  });

  it("shortens a run's message to its first clause for the runs table", () => {
    expect(messageHeadline('The run diverged at epoch 1, batch 2 of 10: the loss sits at the clamp of the log: 5 of 20. The weights diverged.')).toBe('The run diverged at epoch 1, batch 2 of 10…');
    expect(messageHeadline('The loss became NaN at epoch 3, batch 1 of 4. This happened before any update.')).toBe('The loss became NaN at epoch 3, batch 1 of 4.');
    expect(messageHeadline('Cancelled during epoch 2.')).toBe('Cancelled during epoch 2.');
    expect(messageHeadline('no punctuation')).toBe('no punctuation');
  });
});

describe('histogram', () => {
  it('counts values into equal-width bins, the maximum in the last', () => {
    expect(histogram([0, 0.1, 0.5, 0.99, 1], 4)).toEqual({ min: 0, max: 1, counts: [2, 0, 1, 2] });
  });
  it('puts a constant set in the middle bin and skips non-finite values', () => {
    expect(histogram([2, 2, Number.NaN, 2], 5)).toEqual({ min: 2, max: 2, counts: [0, 0, 3, 0, 0] });
  });
});

describe('evaluating stored weights', () => {
  it('uses the engine’s validation rows and agrees with the weights file’s own predictions', async () => {
    const dataset = resolveSyntheticDataset(experiment.dataset as { synthetic: 'moons'; seed: number; samples: number });
    const events: EpochEvent[] = [];
    const result = await runSession(experiment, dataset, { networkViews: true, onEpoch: (event) => events.push(event) });
    const weights = result.weights!;
    const runRows = evaluationRows(experiment, dataset);
    const { rows } = runRows;
    expect(runRows.split).toBe('validation');
    expect([rows.length, runRows.trainRows.length]).toEqual([50, 150]);

    const evaluation = evaluateWeights(weights, dataset, runRows);
    expect(evaluation.evaluated).toEqual({ rows: 50, split: 'validation' });
    // From the stored weights, the same view the engine sent with the last epoch.
    expect(evaluation).toEqual(events.at(-1)?.view);
    const confusion = evaluation.confusion!;
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(50);
    const correct = confusion[0][0] + confusion[1][1];
    expect(correct / 50).toBeCloseTo(weights.metrics!.validationAccuracy, 12);

    const x = Array.from(rows, (row) => [dataset.x[2 * row], dataset.x[2 * row + 1]]).flat();
    const predicted = predict(weights, x, rows.length).classIndices!;
    const fromFile = [0, 1].map((actual) => [0, 1].map((p) => predicted.filter((c, i) => c === p && dataset.target.kind === 'classes' && dataset.target.labels[rows[i]] === actual).length));
    expect(confusion).toEqual(fromFile);

    expect(evaluation.layers.map((layer) => layer.weights.counts.reduce((a, b) => a + b, 0))).toEqual([16, 64, 8]);
    expect(evaluation.layers.map((layer) => layer.activations.counts.reduce((a, b) => a + b, 0))).toEqual([8 * 150, 8 * 150, 150]);
    expect(evaluation.boundary?.classes.length).toBe(40 * 40);
    expect(new Set(evaluation.boundary?.classes)).toEqual(new Set([0, 1]));
  });

  it('names the field of a weights file that does not fit a dataset', async () => {
    const moons = resolveSyntheticDataset({ synthetic: 'moons', samples: 50, seed: 1 });
    const blobs = resolveSyntheticDataset({ synthetic: 'blobs', seed: 1 });
    const weights = (await runSession({ ...experiment, training: { ...experiment.training, epochs: 1 } }, moons)).weights!;
    expect(weightsDatasetProblem(weights, moons)).toBeNull();
    expect(weightsDatasetProblem(weights, blobs)).toBe('output.classes: the weights know 2 classes, blobs has 3');
    const wide = { ...weights, input: { ...weights.input, features: ['a', 'b', 'c'] } };
    expect(weightsDatasetProblem(wide, moons)).toBe('input.features: the weights take 3 features, moons has 2');
  });
});
