import type { OptimizerSpec, ScheduleSpec } from '../schema/experiment';
import type { OptimizerName, ScheduleName } from '../schema/names';
import type { FloatArray, Kernels } from './kernels/types';
import type { Network, ParamTensor } from './network';

// Optimizers and learning-rate schedules by name. An optimizer updates every parameter tensor of
// a network from its gradient; its state (velocity, running averages) is allocated once, in the
// network's dtype. The update formulas are the kernels' (see kernels/types.ts):
//   sgd       θ ← θ − lr·g                        (full batch = plain gradient descent)
//   momentum  v ← μ·v + g;  θ ← θ − lr·v           (Nesterov: θ ← θ − lr·(g + μ·v))
//   rmsprop   s ← ρ·s + (1 − ρ)·g²;  θ ← θ − lr·g/(√s + ε)
//   adam      m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  θ ← θ − lr·m̂/(√v̂ + ε), t from 1

export interface Optimizer {
  readonly name: OptimizerName;
  /** Apply one update to every parameter from its current gradient. */
  step(learningRate: number): void;
  /** What the next update depends on besides the gradient: the step inspector shows it, checkpoints keep it. */
  readonly state: OptimizerState;
}

/** An optimizer's state: named arrays with one entry per parameter tensor, and the steps taken so far. */
export interface OptimizerState {
  /** e.g. velocity (momentum), meanSquare (rmsprop), m and v (adam); none for sgd. */
  readonly arrays: Readonly<Record<string, readonly FloatArray[]>>;
  /** Updates applied so far (Adam's t after its last step). */
  steps: number;
}

type SpecOf<N extends OptimizerName> = Extract<OptimizerSpec, { name: N }>;

export interface OptimizerEntry<N extends OptimizerName> {
  name: N;
  /** Defaults of the parameters besides learningRate (the experiment schema applies the same ones). */
  defaults: Omit<SpecOf<N>, 'name' | 'learningRate'>;
  create(spec: SpecOf<N>, params: readonly ParamTensor[], kernels: Kernels, state: () => FloatArray[]): Optimizer;
}

export const OPTIMIZERS: { [N in OptimizerName]: OptimizerEntry<N> } = {
  sgd: {
    name: 'sgd',
    defaults: {},
    create(_spec, params, k) {
      const state: OptimizerState = { arrays: {}, steps: 0 };
      return {
        name: 'sgd',
        state,
        step(lr) {
          for (const p of params) k.sgdStep(p.value, p.grad, lr);
          state.steps++;
        },
      };
    },
  },
  momentum: {
    name: 'momentum',
    defaults: { momentum: 0.9, nesterov: false },
    create(spec, params, k, state) {
      const velocity = state();
      const current: OptimizerState = { arrays: { velocity }, steps: 0 };
      return {
        name: 'momentum',
        state: current,
        step(lr) {
          params.forEach((p, i) => k.momentumStep(p.value, p.grad, velocity[i], lr, spec.momentum, spec.nesterov));
          current.steps++;
        },
      };
    },
  },
  rmsprop: {
    name: 'rmsprop',
    defaults: { rho: 0.9, epsilon: 1e-8 },
    create(spec, params, k, state) {
      const meanSquare = state();
      const current: OptimizerState = { arrays: { meanSquare }, steps: 0 };
      return {
        name: 'rmsprop',
        state: current,
        step(lr) {
          params.forEach((p, i) => k.rmspropStep(p.value, p.grad, meanSquare[i], lr, spec.rho, spec.epsilon));
          current.steps++;
        },
      };
    },
  },
  adam: {
    name: 'adam',
    defaults: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    create(spec, params, k, state) {
      const m = state();
      const v = state();
      const current: OptimizerState = { arrays: { m, v }, steps: 0 };
      return {
        name: 'adam',
        state: current,
        step(lr) {
          const t = ++current.steps;
          params.forEach((p, i) => k.adamStep(p.value, p.grad, m[i], v[i], lr, spec.beta1, spec.beta2, spec.epsilon, t));
        },
      };
    },
  },
};

/** Overwrite `target`'s state with `source`'s (same optimizer over the same network shape). */
export function copyOptimizerState(source: OptimizerState, target: OptimizerState): void {
  for (const [name, arrays] of Object.entries(source.arrays)) arrays.forEach((array, i) => target.arrays[name][i].set(array));
  target.steps = source.steps;
}

/** An optimizer for every parameter of `network`, its state zeroed. */
export function createOptimizer(spec: OptimizerSpec, network: Network): Optimizer {
  const state = () => network.parameters.map((p) => network.kernels.allocate(network.dtype, p.value.length));
  // The cast pairs the spec with the entry of its own name, which the union type cannot express.
  const entry = OPTIMIZERS[spec.name] as OptimizerEntry<OptimizerName>;
  return entry.create(spec as never, network.parameters, network.kernels, state);
}

/**
 * Scale all gradients together so their global L2 norm is at most `maxNorm`; returns the norm
 * before clipping. Clipping the global norm keeps the gradient's direction.
 */
export function clipGradientNorm(network: Network, maxNorm: number): number {
  const k = network.kernels;
  let sum = 0;
  for (const p of network.parameters) sum += k.sumSquares(p.grad);
  const norm = Math.sqrt(sum);
  if (norm > maxNorm) for (const p of network.parameters) k.scale(maxNorm / norm, p.grad);
  return norm;
}

type ScheduleOf<N extends ScheduleName> = Extract<ScheduleSpec, { name: N }>;

export interface Schedule<N extends ScheduleName> {
  name: N;
  /** Learning rate for the 0-based epoch index, from the optimizer's base rate. */
  rate(base: number, epoch: number, spec: ScheduleOf<N>): number;
}

export const SCHEDULES: { [N in ScheduleName]: Schedule<N> } = {
  constant: { name: 'constant', rate: (base) => base },
  /** base × factor^⌊epoch / every⌋: the first `every` epochs run at the base rate. */
  step: { name: 'step', rate: (base, epoch, spec) => base * spec.factor ** Math.floor(epoch / spec.every) },
  /** base × rate^epoch. */
  exponential: { name: 'exponential', rate: (base, epoch, spec) => base * spec.rate ** epoch },
};

/** The learning rate of 0-based epoch `epoch` under `schedule`. */
export function learningRateAt(schedule: ScheduleSpec, base: number, epoch: number): number {
  const entry = SCHEDULES[schedule.name] as Schedule<ScheduleName>;
  return entry.rate(base, epoch, schedule as never);
}
