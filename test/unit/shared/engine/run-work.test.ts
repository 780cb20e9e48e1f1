import { describe, expect, it } from 'vitest';
import { estimatedRunWork } from '../../../../src/shared/engine/run-work';
import { ExperimentSchema, type ExperimentInput } from '../../../../src/shared/schema/experiment';

// The sweep orders its runs longest first by this estimate: it must rank what takes longer higher.

const experiment = (widths: number[], batchSize: number | 'full', epochs = 100) =>
  ExperimentSchema.parse({
    dataset: { synthetic: 'spirals' },
    model: { layers: [...widths.map((units) => ({ units, activation: 'tanh' as const })), { units: 1, activation: 'sigmoid' as const }], loss: 'binaryCrossEntropy' },
    training: { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize, epochs },
  } satisfies ExperimentInput);

describe('estimatedRunWork', () => {
  it('grows with width, depth and epochs, and with smaller batches', () => {
    expect(estimatedRunWork(experiment([32], 16))).toBeGreaterThan(estimatedRunWork(experiment([8], 16)));
    expect(estimatedRunWork(experiment([32, 32], 16))).toBeGreaterThan(estimatedRunWork(experiment([32], 16)));
    expect(estimatedRunWork(experiment([8], 16, 200))).toBeCloseTo(2 * estimatedRunWork(experiment([8], 16, 100)));
    expect(estimatedRunWork(experiment([8], 4))).toBeGreaterThan(estimatedRunWork(experiment([8], 64)));
    expect(estimatedRunWork(experiment([8], 64))).toBeGreaterThan(estimatedRunWork(experiment([8], 'full')));
  });

  it('is, per epoch, the weights (first layer as if from one input) plus 2000 multiply-adds per layer and batch', () => {
    // 1 → 8 → 1: 16 + 9 = 25 weights; 2 layers in batches of 16: 2000 · 2 / 16 = 250.
    expect(estimatedRunWork(experiment([8], 16, 100))).toBe(100 * (25 + 250));
    // A full batch is counted as a million rows: the overhead all but vanishes.
    expect(estimatedRunWork(experiment([8], 'full', 100))).toBeCloseTo(100 * (25 + 2000 * (2 / 1e6)), 9);
  });

  it('counts the epochs of a halving rung when given', () => {
    expect(estimatedRunWork(experiment([8], 16, 100), 10)).toBeCloseTo(estimatedRunWork(experiment([8], 16, 10)));
  });
});
