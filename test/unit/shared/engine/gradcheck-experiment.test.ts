import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { gradcheckExperiment } from '../../../../src/shared/engine/gradcheck-experiment';
import { ExperimentSchema } from '../../../../src/shared/schema/experiment';

describe('gradcheckExperiment', () => {
  const dataset = resolveSyntheticDataset({ synthetic: 'blobs', samples: 90, seed: 2, classes: 3 });
  const experiment = ExperimentSchema.parse({
    dataset: { synthetic: 'blobs', samples: 90, seed: 2, classes: 3 },
    model: {
      layers: [
        { units: 40, activation: 'tanh', dropout: 0.3 },
        { units: 3, activation: 'softmax' },
      ],
      loss: 'categoricalCrossEntropy',
      init: 'xavierNormal',
    },
    training: { optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 1, dtype: 'float32', l2: 0.01, validationSplit: 0.2 },
  });

  it('checks the configured model in float64, sampling large tensors, and passes', () => {
    const report = gradcheckExperiment(experiment, dataset, { samples: 8, maxEntriesPerTensor: 30 });
    expect(report.tensors.map((t) => [t.name, t.checked, t.total])).toEqual([
      ['layers[0].W', 30, 80],
      ['layers[0].b', 30, 40],
      ['layers[1].W', 30, 120],
      ['layers[1].b', 3, 3],
    ]);
    expect(report.passed).toBe(true);
    expect(report.maxRelativeError).toBeLessThan(1e-7);
    expect(report.text.split('\n')).toHaveLength(5);
    expect(report.text).toMatch(/^layers\[0\]\.W  relative error \d\.\d\de-\d+  max \|Δ\| .* \(30 of 80 entries\)$/m);
    expect(report.text).toMatch(/^PASS: every relative error is below 1e-7$/m);
  });

  it('checks on every training row when there are fewer than asked for', () => {
    const xor = resolveSyntheticDataset({ synthetic: 'xor', seed: 0 });
    const small = ExperimentSchema.parse({
      dataset: { synthetic: 'xor' },
      model: { layers: [{ units: 3, activation: 'tanh' }, { units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
      training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 1 },
    });
    const report = gradcheckExperiment(small, xor, { samples: 16 });
    expect(xor.rows).toBeLessThan(16);
    expect(report.passed).toBe(true);
    expect(report.maxRelativeError).toBeLessThan(1e-7);
  });

  it('throws the model/data mismatch message', () => {
    const wrong = { ...experiment, model: { ...experiment.model, layers: [{ units: 2, activation: 'softmax' as const }] } };
    expect(() => gradcheckExperiment(wrong, dataset)).toThrow('model.layers[0].units: the output layer has 2 units but blobs has 3 classes');
  });
});
