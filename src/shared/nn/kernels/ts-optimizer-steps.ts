import type { OptimizerName } from '../../schema/names';
import type { FloatArray } from './types';

// The plain TypeScript kernel of every optimizer (formulas and argument lists in its registry entry,
// optimizers.ts): param, grad, the entry's state arrays and its scalars, in the entry's order. Each
// update is computed in float64 and rounded once when stored, which the wasm kernels
// (assembly/optimizers.ts) repeat operation for operation, so both take bit-identical steps.

export type OptimizerKernel = (param: FloatArray, grad: FloatArray, state: readonly FloatArray[], scalars: readonly number[]) => void;

export const TS_OPTIMIZER_STEPS: { [N in OptimizerName]: OptimizerKernel } = {
  sgd(param, grad, _state, [learningRate]) {
    for (let i = 0; i < param.length; i++) param[i] -= learningRate * grad[i];
  },

  momentum(param, grad, [velocity], [learningRate, momentum, nesterov]) {
    for (let i = 0; i < param.length; i++) {
      const v = momentum * velocity[i] + grad[i];
      velocity[i] = v;
      param[i] -= learningRate * (nesterov !== 0 ? grad[i] + momentum * v : v);
    }
  },

  rmsprop(param, grad, [meanSquare], [learningRate, rho, epsilon]) {
    for (let i = 0; i < param.length; i++) {
      const g = grad[i];
      const s = rho * meanSquare[i] + (1 - rho) * g * g;
      meanSquare[i] = s;
      param[i] -= (learningRate * g) / (Math.sqrt(s) + epsilon);
    }
  },

  adam(param, grad, [m, v], [learningRate, beta1, beta2, epsilon, correction1, correction2]) {
    for (let i = 0; i < param.length; i++) {
      const g = grad[i];
      const mi = beta1 * m[i] + (1 - beta1) * g;
      const vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      param[i] -= (learningRate * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
    }
  },
};
