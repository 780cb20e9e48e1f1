import { describe, expect, it } from 'vitest';
import { networkWarnings } from '../../../../src/shared/engine/network-health';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { runSession } from '../../../../src/shared/engine/session';
import { ExperimentSchema, type ExperimentInput } from '../../../../src/shared/schema/experiment';
import type { EpochEvent } from '../../../../src/shared/schema/progress';

// The run page's warnings on real runs of the classic failures, from epoch 0 (the initial
// weights) on: what a student sees for zeros or constant initialization, and for weights too
// large for the depth.

async function warningsOf(input: ExperimentInput) {
  const experiment = ExperimentSchema.parse(input);
  const events: EpochEvent[] = [];
  await runSession(experiment, resolveSyntheticDataset(experiment.dataset as never), { initialEpoch: true, onEpoch: (event) => events.push(event) });
  return { experiment, events, at: (epochs: number) => networkWarnings(experiment, events.slice(0, epochs + 1)) };
}

const xor = (init: ExperimentInput['model']['init']): ExperimentInput => ({
  dataset: { synthetic: 'xor' },
  model: { layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], init, loss: 'sse' },
  training: { optimizer: { name: 'sgd', learningRate: 1 }, epochs: 300, seed: 1 },
});

describe('warnings on the classic failures', () => {
  it('zeros init on XOR: from epoch 0, the symmetry problem and gradients that are exactly 0, never "vanishing"', async () => {
    const { at, events } = await warningsOf(xor('zeros'));
    for (const epoch of [0, 1, events.length - 1]) expect(at(epoch).map((warning) => warning.kind)).toEqual(['symmetry', 'zero-gradient']);
    const [symmetry, zero] = at(0);
    expect(symmetry.text).toMatch(/^The symmetry problem: all 4 units of layer 1 are identical — same incoming weights, same bias, same outgoing weights\./);
    expect(symmetry.text).toContain('Random initialization breaks the symmetry: units that start from different random weights get different gradients and learn different features.');
    expect(zero.text).toMatch(/^Zero gradients: ‖dW‖ is exactly 0 in every layer, so no weight can change\./);
  });

  it('constant init: the units learn but stay copies, named as the symmetry problem at every epoch', async () => {
    const { at, events } = await warningsOf(xor({ name: 'constant', value: 0.5 }));
    for (const epoch of [0, 10, events.length - 1]) expect(at(epoch).map((warning) => warning.kind)).toContain('symmetry');
    expect(at(events.length - 1).map((warning) => warning.kind)).not.toContain('zero-gradient');
  });

  it('random init on XOR: nothing to warn about at epoch 0', async () => {
    expect((await warningsOf(xor('uniform'))).at(0)).toEqual([]);
  });

  it('5×32 ReLU with normal std 1: the explosion through depth is named at epoch 0', async () => {
    const { at } = await warningsOf({
      dataset: { synthetic: 'spirals', samples: 400, seed: 1 },
      model: { layers: [...Array.from({ length: 5 }, () => ({ units: 32, activation: 'relu' as const })), { units: 1, activation: 'sigmoid' }], init: { name: 'normal', std: 1 }, loss: 'binaryCrossEntropy' },
      training: { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 32, epochs: 5, seed: 1 },
    });
    const [warning] = at(0);
    expect(warning.kind).toBe('exploding');
    expect(warning.text).toMatch(/^Exploding activations through depth: their RMS goes from 0\.42\d* in layer 1 to 8\d\.\d in layer 5, about 3\.\d+× per layer\./);
  });
});
