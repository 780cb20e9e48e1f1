import { describe, expect, it } from 'vitest';
import { copyOptimizerState, createOptimizer } from '../../../../src/shared/nn/optimizers';
import { OptimizerSpecSchema } from '../../../../src/shared/schema/experiment';
import { randomNetwork } from './helpers';

// An optimizer's state is what a checkpoint keeps and the step inspector shows: named arrays, one
// per parameter tensor (the names are those of the checkpoint JSON), and the step count.

describe('optimizer state', () => {
  it.each([
    ['sgd', []],
    ['momentum', ['velocity']],
    ['rmsprop', ['meanSquare']],
    ['adam', ['m', 'v']],
  ])('%s keeps %j, one array per parameter tensor, shaped like it', (name, arrays) => {
    const network = randomNetwork([2, 3, 1], ['tanh', 'linear'], { seed: 2 });
    const optimizer = createOptimizer(OptimizerSpecSchema.parse({ name, learningRate: 0.1 }), network);
    expect(Object.keys(optimizer.state.arrays)).toEqual(arrays);
    for (const name of arrays) expect(optimizer.state.arrays[name].map((a) => a.length)).toEqual(network.parameters.map((p) => p.value.length));
  });

  it('copies every array and the step count from one optimizer to another', () => {
    const network = randomNetwork([2, 3, 1], ['tanh', 'linear'], { seed: 2 });
    const adam = () => createOptimizer(OptimizerSpecSchema.parse({ name: 'adam', learningRate: 0.1 }), network);
    const source = adam();
    for (const p of network.parameters) p.grad.fill(0.5);
    source.step(0.1);
    source.step(0.1);
    const target = adam();
    copyOptimizerState(source.state, target.state);
    expect(target.state.steps).toBe(2);
    for (const name of ['m', 'v']) {
      expect(target.state.arrays[name].map((a) => Array.from(a))).toEqual(source.state.arrays[name].map((a) => Array.from(a)));
      expect(target.state.arrays[name][0][0]).not.toBe(0);
    }
  });
});
