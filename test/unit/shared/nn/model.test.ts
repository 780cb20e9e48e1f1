import { describe, expect, it } from 'vitest';
import { buildNetwork, modelProblem } from '../../../../src/shared/nn/model';
import { createRng } from '../../../../src/shared/nn/rng';
import { ModelSpecSchema } from '../../../../src/shared/schema/experiment';

// From an experiment's model to a network: structural problems named by layer, each layer's own
// settings (units, activation, dropout, bias, initializer) carried over, the model's defaults
// for the rest.

const model = (input: unknown) => ModelSpecSchema.parse(input);

describe('modelProblem', () => {
  it('allows softmax on the output layer only, naming the hidden layer that has it', () => {
    expect(modelProblem(model({ loss: 'categoricalCrossEntropy', layers: [{ units: 4, activation: 'relu' }, { units: 3, activation: 'softmax' }] }))).toBeNull();
    expect(modelProblem(model({ loss: 'mse', layers: [{ units: 4, activation: 'relu' }, { units: 4, activation: 'softmax' }, { units: 1, activation: 'linear' }] }))).toBe(
      'model.layers[1].activation: softmax normalizes across units, so it only belongs on the output layer',
    );
  });

  it('refuses dropout on the output layer, allows it on hidden ones', () => {
    expect(modelProblem(model({ loss: 'mse', layers: [{ units: 4, activation: 'relu', dropout: 0.5 }, { units: 1, activation: 'linear' }] }))).toBeNull();
    expect(modelProblem(model({ loss: 'mse', layers: [{ units: 4, activation: 'relu' }, { units: 1, activation: 'linear', dropout: 0.2 }] }))).toBe(
      'model.layers[1].dropout: dropout on the output layer would zero predictions; put it on hidden layers',
    );
    expect(modelProblem(model({ loss: 'mse', layers: [{ units: 1, activation: 'linear', dropout: 0 }] }))).toBeNull();
  });
});

describe('buildNetwork', () => {
  it('carries each layer’s settings over and initializes with the layer’s init, else the model’s', () => {
    const spec = model({
      loss: 'mse',
      init: { name: 'constant', value: 0.5 },
      biasInit: { name: 'constant', value: 0.25 },
      layers: [
        { units: 3, activation: { name: 'leakyRelu', slope: 0.2 }, dropout: 0.1, init: { name: 'constant', value: -1 } },
        { units: 1, activation: 'linear', bias: false },
      ],
    });
    const network = buildNetwork(spec, { inputs: 2, dtype: 'float32', backend: 'ts', rng: createRng(1) });
    expect(network.dtype).toBe('float32');
    expect(network.kernels.name).toBe('ts');
    expect(network.layers.map((l) => [l.inputs, l.units, l.activation, l.dropout, l.bias])).toEqual([
      [2, 3, { name: 'leakyRelu', slope: 0.2 }, 0.1, true],
      [3, 1, { name: 'linear', slope: 0 }, 0, false],
    ]);
    expect(Array.from(network.layers[0].W)).toEqual(new Array(6).fill(-1));
    expect(Array.from(network.layers[0].b)).toEqual([0.25, 0.25, 0.25]);
    expect(Array.from(network.layers[1].W)).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(network.layers[1].b)).toEqual([0]);
  });

  it('draws random initial weights from the rng it is given', () => {
    const spec = model({ loss: 'mse', layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'linear' }] });
    const a = buildNetwork(spec, { inputs: 2, dtype: 'float64', rng: createRng(4) });
    const b = buildNetwork(spec, { inputs: 2, dtype: 'float64', rng: createRng(4) });
    const c = buildNetwork(spec, { inputs: 2, dtype: 'float64', rng: createRng(5) });
    expect(Array.from(a.layers[0].W)).toEqual(Array.from(b.layers[0].W));
    expect(Array.from(a.layers[0].W)).not.toEqual(Array.from(c.layers[0].W));
  });

  it('throws the structural problem', () => {
    const spec = model({ loss: 'mse', layers: [{ units: 3, activation: 'softmax' }, { units: 1, activation: 'linear' }] });
    expect(() => buildNetwork(spec, { inputs: 2, dtype: 'float64', rng: createRng(1) })).toThrow('model.layers[0].activation: softmax normalizes across units');
  });
});
