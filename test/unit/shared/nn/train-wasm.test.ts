import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { runSession } from '../../../../src/shared/engine/session';
import { buildNetwork } from '../../../../src/shared/nn/model';
import { createRng } from '../../../../src/shared/nn/rng';
import { ExperimentSchema, type Experiment } from '../../../../src/shared/schema/experiment';
import type { EpochEvent } from '../../../../src/shared/schema/progress';
import type { WeightsFile } from '../../../../src/shared/schema/weights';

// Whole training runs on the wasm backend: reproducible to the bit, and the same learning curve
// as the ts backend up to float32 rounding.

function experiment(backend: 'ts' | 'wasm', seed = 42): Experiment {
  return ExperimentSchema.parse({
    dataset: { synthetic: 'spirals', samples: 300, noise: 0.1, seed: 1 },
    model: {
      layers: [
        { units: 16, activation: 'tanh', dropout: 0.1 },
        { units: 16, activation: 'relu' },
        { units: 1, activation: 'sigmoid' },
      ],
      init: 'heNormal',
      loss: 'binaryCrossEntropy',
    },
    training: { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 16, epochs: 10, seed, dtype: 'float32', backend, validationSplit: 0.2 },
  });
}

const dataset = resolveSyntheticDataset({ synthetic: 'spirals', samples: 300, noise: 0.1, seed: 1 });

async function run(exp: Experiment) {
  const events: EpochEvent[] = [];
  const result = await runSession(exp, dataset, { onEpoch: (e) => events.push(e) });
  expect(result.status).toBe('done');
  return { weights: result.weights!, events };
}

const values = (file: WeightsFile) => file.layers.flatMap((l) => [...l.W.flat(), ...l.b]);

describe('training on the wasm backend', () => {
  it('gives bit-identical weights and metrics for the same config and seed', async () => {
    const first = await run(experiment('wasm'));
    const second = await run(experiment('wasm'));
    expect(values(second.weights)).toEqual(values(first.weights));
    const withoutTime = (events: EpochEvent[]) => events.map(({ seconds: _s, epochSeconds: _e, ...rest }) => rest);
    expect(withoutTime(second.events)).toEqual(withoutTime(first.events));
    const other = await run(experiment('wasm', 43));
    expect(values(other.weights)).not.toEqual(values(first.weights));
  });

  it('follows the ts backend in float32 up to rounding', async () => {
    const wasm = await run(experiment('wasm'));
    const ts = await run(experiment('ts'));
    expect(values(wasm.weights)).not.toEqual(values(ts.weights));
    for (let e = 0; e < 10; e++) {
      expect(Math.abs(wasm.events[e].train.loss / ts.events[e].train.loss - 1), `epoch ${e + 1}`).toBeLessThan(1e-4);
    }
    const difference = Math.max(...values(wasm.weights).map((v, i) => Math.abs(v - values(ts.weights)[i])));
    expect(difference).toBeLessThan(1e-4);
  });

  it('"auto" builds float32 and float64 networks on wasm with every buffer in its memory', () => {
    const model = experiment('wasm').model;
    for (const dtype of ['float32', 'float64'] as const) {
      const network = buildNetwork(model, { inputs: 2, dtype, backend: 'auto', rng: createRng(1) });
      expect(network.kernels.name, dtype).toBe('wasm');
      expect(network.parameters.every((p) => p.value.buffer instanceof SharedArrayBuffer && p.grad.buffer instanceof SharedArrayBuffer), dtype).toBe(true);
    }
  });
});
