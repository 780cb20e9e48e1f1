import type { OptimizerSpec, ScheduleSpec } from '../schema/experiment';
import type { OptimizerName, ScheduleName } from '../schema/names';
import type { FloatArray } from './kernels/types';
import { pow } from './math';
import type { Network } from './network';

// Optimizers and learning-rate schedules by name. An optimizer is its entry here — defaults, the
// state arrays it keeps per parameter tensor (zeroed at the start, in the network's dtype) and the
// scalars its kernel takes — plus its kernel in each backend (kernels/ts-optimizer-steps.ts, and
// `<name>Step` in assembly/optimizers.ts), which Kernels.optimizerStep runs on param, grad, the
// state arrays and the scalars in the entry's order:
//   sgd       θ ← θ − lr·g                        (full batch = plain gradient descent)
//   momentum  v ← μ·v + g;  θ ← θ − lr·v           (Nesterov: θ ← θ − lr·(g + μ·v))
//   rmsprop   s ← ρ·s + (1 − ρ)·g²;  θ ← θ − lr·g/(√s + ε)
//   adam      m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  θ ← θ − lr·m̂/(√v̂ + ε), t from 1,
//             m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t)

export interface Optimizer {
  readonly name: OptimizerName;
  /** Apply one update to every parameter from its current gradient. */
  step(learningRate: number): void;
  /** What the next update depends on besides the gradient: the step inspector shows it, checkpoints keep it. */
  readonly state: OptimizerState;
}

/** An optimizer's state: named arrays with one entry per parameter tensor, and the steps taken so far. */
export interface OptimizerState {
  /** By the names its entry declares: velocity (momentum), meanSquare (rmsprop), m and v (adam); none for sgd. */
  readonly arrays: Readonly<Record<string, readonly FloatArray[]>>;
  /** Updates applied so far (Adam's t after its last step). */
  steps: number;
}

type SpecOf<N extends OptimizerName> = Extract<OptimizerSpec, { name: N }>;

export interface OptimizerEntry<N extends OptimizerName> {
  name: N;
  /** Defaults of the parameters besides learningRate (the experiment schema applies the same ones). */
  defaults: Omit<SpecOf<N>, 'name' | 'learningRate'>;
  /** The arrays it keeps beside each parameter tensor, in its kernel's order. */
  state: readonly string[];
  /** Its kernel's scalars for step t (counted from 1) at this learning rate, in the kernel's order. */
  scalars(spec: SpecOf<N>, learningRate: number, t: number): number[];
}

export const OPTIMIZERS: { [N in OptimizerName]: OptimizerEntry<N> } = {
  sgd: {
    name: 'sgd',
    defaults: {},
    state: [],
    scalars: (_spec, lr) => [lr],
  },
  momentum: {
    name: 'momentum',
    defaults: { momentum: 0.9, nesterov: false },
    state: ['velocity'],
    scalars: (spec, lr) => [lr, spec.momentum, spec.nesterov ? 1 : 0],
  },
  rmsprop: {
    name: 'rmsprop',
    defaults: { rho: 0.9, epsilon: 1e-8 },
    state: ['meanSquare'],
    scalars: (spec, lr) => [lr, spec.rho, spec.epsilon],
  },
  adam: {
    name: 'adam',
    defaults: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    state: ['m', 'v'],
    scalars: (spec, lr, t) => [lr, spec.beta1, spec.beta2, spec.epsilon, 1 - pow(spec.beta1, t), 1 - pow(spec.beta2, t)],
  },
};

/** Overwrite `target`'s state with `source`'s (same optimizer over the same network shape). */
export function copyOptimizerState(source: OptimizerState, target: OptimizerState): void {
  for (const [name, arrays] of Object.entries(source.arrays)) arrays.forEach((array, i) => target.arrays[name][i].set(array));
  target.steps = source.steps;
}

/** An optimizer for every parameter of `network`, its state zeroed. */
export function createOptimizer(spec: OptimizerSpec, network: Network): Optimizer {
  // The cast pairs the spec with the entry of its own name, which the union type cannot express.
  const entry = OPTIMIZERS[spec.name] as OptimizerEntry<OptimizerName>;
  const { kernels, parameters } = network;
  const arrays = Object.fromEntries(entry.state.map((name) => [name, parameters.map((p) => kernels.allocate(network.dtype, p.value.length))]));
  const state: OptimizerState = { arrays, steps: 0 };
  /** Each tensor's state arrays, in the kernel's order. */
  const byTensor = parameters.map((_, i) => entry.state.map((name) => arrays[name][i]));
  return {
    name: spec.name,
    state,
    step(learningRate) {
      const scalars = entry.scalars(spec as never, learningRate, ++state.steps);
      for (let i = 0; i < parameters.length; i++) kernels.optimizerStep(spec.name, parameters[i].value, parameters[i].grad, byTensor[i], scalars);
    },
  };
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
  step: { name: 'step', rate: (base, epoch, spec) => base * pow(spec.factor, Math.floor(epoch / spec.every)) },
  /** base × rate^epoch. */
  exponential: { name: 'exponential', rate: (base, epoch, spec) => base * pow(spec.rate, epoch) },
};

/** The learning rate of 0-based epoch `epoch` under `schedule`. */
export function learningRateAt(schedule: ScheduleSpec, base: number, epoch: number): number {
  const entry = SCHEDULES[schedule.name] as Schedule<ScheduleName>;
  return entry.rate(base, epoch, schedule as never);
}
