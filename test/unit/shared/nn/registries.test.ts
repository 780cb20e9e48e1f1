import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, activationSpecOf, resolveActivation } from '../../../../src/shared/nn/activations';
import { INITIALIZERS, resolveInit } from '../../../../src/shared/nn/initializers';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { createOptimizer, OPTIMIZERS, SCHEDULES } from '../../../../src/shared/nn/optimizers';
import { createRng } from '../../../../src/shared/nn/rng';
import {
  ActivationSpecSchema,
  InitSpecSchema,
  OptimizerSpecSchema,
  ScheduleSpecSchema,
} from '../../../../src/shared/schema/experiment';
import {
  ACTIVATION_NAMES,
  INITIALIZER_NAMES,
  LOSS_NAMES,
  OPTIMIZER_NAMES,
  SCHEDULE_NAMES,
} from '../../../../src/shared/schema/names';
import { randomNetwork } from './helpers';

// Registries are keyed by the schema's name lists; configs are plain JSON that go through the
// schema, find their entry by name, and come back out with the same name.

const registries = [
  ['activations', ACTIVATIONS, ACTIVATION_NAMES],
  ['losses', LOSSES, LOSS_NAMES],
  ['initializers', INITIALIZERS, INITIALIZER_NAMES],
  ['optimizers', OPTIMIZERS, OPTIMIZER_NAMES],
  ['schedules', SCHEDULES, SCHEDULE_NAMES],
] as const;

const jsonRoundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('registries', () => {
  it.each(registries)('%s: keys are exactly the schema names, without duplicates, and each entry carries its own name', (_label, registry, names) => {
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(registry).sort()).toEqual([...names].sort());
    for (const [key, entry] of Object.entries(registry)) expect(entry.name).toBe(key);
  });

  it('activations round-trip: JSON config → schema → entry → JSON config', () => {
    for (const name of ACTIVATION_NAMES) {
      const config = { name, ...ACTIVATIONS[name].defaults };
      const parsed = ActivationSpecSchema.parse(jsonRoundTrip(config));
      const resolved = resolveActivation(parsed);
      expect(ACTIVATIONS[resolved.name].name).toBe(name);
      expect(activationSpecOf(resolved)).toEqual(config);
      // The bare name resolves to the same thing.
      expect(resolveActivation(ActivationSpecSchema.parse(name))).toEqual(resolved);
    }
    expect(resolveActivation({ name: 'leakyRelu', slope: 0.2 })).toEqual({ name: 'leakyRelu', slope: 0.2 });
  });

  it('initializers round-trip with their defaults, and reject parameters they do not take', () => {
    for (const name of INITIALIZER_NAMES) {
      const config = { name, ...INITIALIZERS[name].defaults };
      const { initializer, params } = resolveInit(InitSpecSchema.parse(jsonRoundTrip(config)));
      expect(initializer.name).toBe(name);
      for (const [key, value] of Object.entries(INITIALIZERS[name].defaults)) expect(params[key as keyof typeof params]).toBe(value);
      expect(resolveInit(name).initializer).toBe(initializer);
    }
    expect(() => resolveInit({ name: 'heNormal', std: 2 })).toThrow('init "heNormal" takes no parameters, not "std"');
    expect(() => resolveInit({ name: 'uniform', mean: 2 })).toThrow('init "uniform" takes only low, high, not "mean"');
    expect(() => resolveInit({ name: 'uniform', low: 1, high: 1 })).toThrow('init "uniform" needs low < high');
  });

  it('initializers draw what they document', () => {
    const draw = (spec: Parameters<typeof resolveInit>[0], fanIn: number, fanOut: number) => {
      const { initializer, params } = resolveInit(spec);
      const w = new Float64Array(20000);
      initializer.fill(w, fanIn, fanOut, params, createRng(1));
      const mean = w.reduce((s, v) => s + v, 0) / w.length;
      const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
      return { min: Math.min(...w), max: Math.max(...w), mean, std };
    };
    const uniform = draw('uniform', 4, 4);
    expect(uniform.min).toBeGreaterThanOrEqual(0);
    expect(uniform.max).toBeLessThan(1);
    expect(uniform.mean).toBeCloseTo(0.5, 1);
    expect(draw('normal', 4, 4).std).toBeCloseTo(0.01, 3);
    expect(draw({ name: 'normal', mean: 3, std: 2 }, 4, 4).mean).toBeCloseTo(3, 1);
    expect(draw('constant', 4, 4)).toMatchObject({ min: 0, max: 0 });
    expect(draw({ name: 'constant', value: 0.7 }, 4, 4)).toMatchObject({ min: 0.7, max: 0.7 });
    expect(draw('heNormal', 50, 10).std).toBeCloseTo(Math.sqrt(2 / 50), 2);
    expect(draw('xavierNormal', 50, 10).std).toBeCloseTo(Math.sqrt(2 / 60), 2);
    const he = draw('heUniform', 24, 10);
    expect(he.max).toBeLessThan(0.5);
    expect(he.max).toBeGreaterThan(0.49);
    expect(he.min).toBeGreaterThanOrEqual(-0.5);
    const xavier = draw('xavierUniform', 30, 30);
    expect(xavier.max).toBeLessThan(Math.sqrt(0.1));
    expect(xavier.max).toBeGreaterThan(0.99 * Math.sqrt(0.1));
  });

  it('optimizers round-trip, and their defaults are the schema defaults', () => {
    const network = randomNetwork([2, 3, 1], ['tanh', 'linear']);
    for (const name of OPTIMIZER_NAMES) {
      const parsed = OptimizerSpecSchema.parse(jsonRoundTrip({ name, learningRate: 0.1 }));
      const { name: _name, learningRate: _lr, ...defaults } = parsed;
      expect(defaults).toEqual(OPTIMIZERS[name].defaults);
      expect(createOptimizer(parsed, network).name).toBe(name);
    }
  });

  it('schedules round-trip', () => {
    const configs = { constant: { name: 'constant' }, step: { name: 'step', every: 2, factor: 0.5 }, exponential: { name: 'exponential', rate: 0.9 } };
    for (const name of SCHEDULE_NAMES) {
      const parsed = ScheduleSpecSchema.parse(jsonRoundTrip(configs[name]));
      expect(SCHEDULES[parsed.name].name).toBe(name);
      expect(parsed).toEqual(configs[name]);
    }
  });

  it('only softmax is restricted to the output layer; ranges match the functions', () => {
    expect(ACTIVATION_NAMES.filter((name) => ACTIVATIONS[name].outputOnly)).toEqual(['softmax']);
    const z = Float64Array.of(-30, -1, 0, 1, 30);
    for (const name of ACTIVATION_NAMES) {
      const a = new Float64Array(5);
      ACTIVATIONS[name].forward(z, a, 5, 1, 0.01);
      const [low, high] = ACTIVATIONS[name].range;
      for (const v of a) {
        expect(v).toBeGreaterThanOrEqual(low);
        expect(v).toBeLessThanOrEqual(high);
      }
    }
  });
});
