import { describe, expect, it } from 'vitest';
import { TS_OPTIMIZER_STEPS } from '../../../../src/shared/nn/kernels/ts-optimizer-steps';

// Each optimizer kernel over two steps, to the bit: the formula of its registry entry computed in
// float64 from the stored state and rounded once when stored (float32 storage included), the state
// carried from the first step into the second.

const param0 = [0.5, -1.25, 2];
const grads = [
  [0.3, -0.7, 1.1],
  [-0.2, 0.4, 0.9],
];

type Update = (theta: number, g: number, state: number[], step: number) => number;

/** Two steps of `update` on float64 numbers, each stored value rounded by `store`. */
function expected(update: Update, stateArrays: number, store: (x: number) => number): { param: number[]; state: number[][] } {
  const param = param0.map(store);
  const state = Array.from({ length: stateArrays }, () => [0, 0, 0]);
  grads.forEach((grad, step) => {
    for (let i = 0; i < param.length; i++) {
      const s = state.map((array) => array[i]);
      param[i] = store(update(param[i], store(grad[i]), s, step));
      s.forEach((value, a) => (state[a][i] = store(value)));
    }
  });
  return { param, state };
}

const lr = 0.1;
const CASES: [string, 'sgd' | 'momentum' | 'rmsprop' | 'adam', number, (step: number) => number[], Update][] = [
  ['sgd', 'sgd', 0, () => [lr], (theta, g) => theta - lr * g],
  [
    'momentum',
    'momentum',
    1,
    () => [lr, 0.8, 0],
    (theta, g, s) => {
      s[0] = 0.8 * s[0] + g;
      return theta - lr * s[0];
    },
  ],
  [
    'momentum (nesterov)',
    'momentum',
    1,
    () => [lr, 0.8, 1],
    (theta, g, s) => {
      s[0] = 0.8 * s[0] + g;
      return theta - lr * (g + 0.8 * s[0]);
    },
  ],
  [
    'rmsprop',
    'rmsprop',
    1,
    () => [lr, 0.9, 1e-3],
    (theta, g, s) => {
      s[0] = 0.9 * s[0] + (1 - 0.9) * g * g;
      return theta - (lr * g) / (Math.sqrt(s[0]) + 1e-3);
    },
  ],
  [
    'adam',
    'adam',
    2,
    (step) => [lr, 0.9, 0.999, 1e-3, 1 - 0.9 ** (step + 1), 1 - 0.999 ** (step + 1)],
    (theta, g, s, step) => {
      s[0] = 0.9 * s[0] + (1 - 0.9) * g;
      s[1] = 0.999 * s[1] + (1 - 0.999) * g * g;
      return theta - (lr * (s[0] / (1 - 0.9 ** (step + 1)))) / (Math.sqrt(s[1] / (1 - 0.999 ** (step + 1))) + 1e-3);
    },
  ],
];

describe('optimizer kernels (ts)', () => {
  for (const [label, name, stateArrays, scalars, update] of CASES) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${label} (${dtype}): two steps, state carried, rounded once per stored value`, () => {
        const Array_ = dtype === 'float64' ? Float64Array : Float32Array;
        const param = Array_.from(param0);
        const state = Array.from({ length: stateArrays }, () => new Array_(3));
        grads.forEach((grad, step) => TS_OPTIMIZER_STEPS[name](param, Array_.from(grad), state, scalars(step)));
        const want = expected(update, stateArrays, dtype === 'float64' ? (x) => x : Math.fround);
        expect(Array.from(param)).toEqual(want.param);
        expect(state.map((a) => Array.from(a))).toEqual(want.state);
      });
    }
  }
});
