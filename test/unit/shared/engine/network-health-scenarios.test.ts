import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinDataset } from '../../../../src/shared/data/builtin-datasets';
import { networkWarnings } from '../../../../src/shared/engine/network-health';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { runSession } from '../../../../src/shared/engine/session';
import { ExperimentSchema, type ExperimentInput } from '../../../../src/shared/schema/experiment';
import type { EpochEvent } from '../../../../src/shared/schema/progress';

// The run page's warnings on real runs of the classic failures, from epoch 0 (the initial
// weights) on: what a student sees for zeros or constant initialization, for weights too large
// for the depth, and for inputs left in their units (breast cancer).

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

  it('breast cancer unnormalized under the Run form defaults: layer 1 saturated to ±1 is named as why its gradient is exactly 0; standardized, it is not', async () => {
    const entry = builtinDataset('breast-cancer');
    if (entry.kind !== 'asset') throw new Error('breast cancer is an asset');
    const dataset = await entry.load(async (file) => new Uint8Array(readFileSync(join(import.meta.dirname, '../../../../resources/datasets', file))));
    const on = async (normalize?: 'standardize') => {
      const experiment = ExperimentSchema.parse({
        dataset: { stored: 'builtin/breast-cancer', ...(normalize ? { normalize } : {}) },
        model: { layers: [{ units: 32, activation: 'tanh' }, { units: 32, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
        training: { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 16, epochs: 30, seed: 1, validationSplit: 0.2 },
      });
      const events: EpochEvent[] = [];
      await runSession(experiment, dataset, { initialEpoch: true, onEpoch: (event) => events.push(event) });
      return networkWarnings(experiment, events);
    };
    const raw = await on();
    expect(raw.map((warning) => warning.kind)).toEqual(['zero-gradient', 'saturated', 'saturated', 'stalled']);
    expect(raw[0].text).toBe(
      "Zero gradients: ‖dW‖ is exactly 0 in layer 1, so its weights cannot change. This is not a small gradient but none at all: 100 % of layer 1's tanh outputs are saturated, " +
        'and a tanh output at exactly ±1 has slope 1 − A² = 0 (float64 rounds the output of a large Z to that limit), so no error passes back through them. ' +
        'Inputs far from 0 (features in the hundreds or thousands) saturate the units they reach: normalize the inputs (standardize them), or start from smaller weights (Xavier).',
    );
    expect((await on('standardize')).map((warning) => warning.kind)).not.toContain('zero-gradient');
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
