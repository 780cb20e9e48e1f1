import { describe, expect, it } from 'vitest';
import { discreteValues, isIntegerParameter, sampleValue } from '../../../../src/shared/engine/sweep-values';
import { createRng } from '../../../../src/shared/nn/rng';
import type { ParameterValues } from '../../../../src/shared/schema/sweep';

// The values one sweep parameter takes: lists, stepped ranges, random draws.

const range = (fields: { min: number; max: number; steps?: number; scale?: 'linear' | 'log'; integer?: boolean }) => fields as ParameterValues;
const draws = (name: string, values: ParameterValues, n: number, seed = 5) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => sampleValue(name, values, rng));
};

describe('sweep parameter values', () => {
  it('knows which parameters are counts: widths, depths, batch sizes, epochs, seeds and paths ending in one', () => {
    for (const name of ['width', 'depth', 'batchSize', 'epochs', 'seed', 'model.layers[0].units', 'training.batchSize', 'training.earlyStopping.patience', 'training.schedule.every', 'dataset.samples', 'dataset.classes']) {
      expect(isIntegerParameter(name, range({ min: 1, max: 2 })), name).toBe(true);
    }
    for (const name of ['learningRate', 'l2', 'training.l2', 'model.layers[0].unitsScale', 'dropout']) expect(isIntegerParameter(name, range({ min: 1, max: 2 })), name).toBe(false);
    // width and depth are counts as the aliases only: a path that ends in those letters is not one.
    for (const name of ['model.bandwidth', 'model.layers[0].depth']) expect(isIntegerParameter(name, range({ min: 1, max: 2 })), name).toBe(false);
    expect(isIntegerParameter('learningRate', range({ min: 1, max: 2, integer: true }))).toBe(true);
    expect(isIntegerParameter('width', range({ min: 1, max: 2, integer: false }))).toBe(false);
    expect(isIntegerParameter('width', [1, 2])).toBe(false);
  });

  it('steps a range evenly, tidying float noise, and lists a rounded integer value once', () => {
    expect(discreteValues('training.l2', range({ min: 0.1, max: 0.3, steps: 3 }))).toEqual([0.1, 0.2, 0.3]);
    expect(discreteValues('width', range({ min: 1, max: 3, steps: 5 }))).toEqual([1, 2, 3]);
    expect(discreteValues('learningRate', range({ min: 1, max: 3, steps: 5 }))).toEqual([1, 1.5, 2, 2.5, 3]);
    expect(discreteValues('width', range({ min: 1, max: 1000, steps: 4, scale: 'log' }))).toEqual([1, 10, 100, 1000]);
    expect(discreteValues('learningRate', range({ min: 0.1, max: 1 }))).toBeNull();
    expect(discreteValues('activation', ['tanh', 'relu'])).toEqual(['tanh', 'relu']);
  });

  it('draws integers uniformly from the whole numbers of a range, ends included', () => {
    const values = draws('width', range({ min: 1.5, max: 5.9 }), 400);
    expect(new Set(values)).toEqual(new Set([2, 3, 4, 5]));
    expect(draws('width', range({ min: 3, max: 3 }), 5)).toEqual([3, 3, 3, 3, 3]);
  });

  it('draws log-uniformly on a log axis, whole numbers for a count, four significant digits otherwise', () => {
    const widths = draws('width', range({ min: 2, max: 2000, scale: 'log' }), 300) as number[];
    for (const w of widths) expect(Number.isInteger(w) && w >= 2 && w <= 2000).toBe(true);
    // Log-uniform: as many below 63.2 (the geometric middle) as above.
    expect(widths.filter((w) => w < 63.2).length).toBeGreaterThan(110);
    expect(widths.filter((w) => w > 63.2).length).toBeGreaterThan(110);
    const rates = draws('learningRate', range({ min: 0.001, max: 0.1, scale: 'log' }), 300) as number[];
    for (const r of rates) {
      expect(r >= 0.001 && r <= 0.1).toBe(true);
      expect(Number(r.toPrecision(4))).toBe(r);
    }
    expect(rates.filter((r) => r < 0.01).length).toBeGreaterThan(110);
    const l2 = draws('training.l2', range({ min: 0.5, max: 1 }), 300) as number[];
    for (const v of l2) expect(v >= 0.5 && v <= 1 && Number(v.toPrecision(4)) === v).toBe(true);
    // Uniform: about half below the middle.
    expect(l2.filter((v) => v < 0.75).length).toBeGreaterThan(110);
    expect(l2.filter((v) => v < 0.75).length).toBeLessThan(190);
  });

  it('draws from the listed values and the steps of a stepped range only', () => {
    expect(new Set(draws('activation', ['tanh', 'relu'], 50))).toEqual(new Set(['tanh', 'relu']));
    expect(new Set(draws('training.l2', range({ min: 0, max: 1, steps: 3 }), 50))).toEqual(new Set([0, 0.5, 1]));
  });
});
