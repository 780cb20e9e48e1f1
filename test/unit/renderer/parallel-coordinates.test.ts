import { describe, expect, it } from 'vitest';
import { parallelLayout } from '../../../src/renderer/src/features/sweeps/parallel-coordinates';

const runs = [
  { config: { learningRate: 0.001, activation: 'tanh', width: 8 }, value: 1, label: 'a' },
  { config: { learningRate: 0.01, activation: 'relu', width: 16 }, value: 0.5, label: 'b' },
  { config: { learningRate: 0.1, activation: 'tanh', width: 24 }, value: 0.75, label: 'c' },
];

describe('parallel coordinates layout', () => {
  it('places numbers on log or linear axes, names evenly, and the metric last', () => {
    const { axes, lines } = parallelLayout(['learningRate', 'activation', 'width'], runs, 'validationLoss', 'validation loss');
    expect(axes.map((axis) => axis.name)).toEqual(['learningRate', 'activation', 'width', 'validation loss']);
    expect(axes[0].ticks).toEqual([
      { label: '0.001', at: 0 },
      { label: '0.01', at: 0.5 },
      { label: '0.1', at: 1 },
    ]);
    expect(axes[1].ticks).toEqual([
      { label: 'tanh', at: 0 },
      { label: 'relu', at: 1 },
    ]);
    expect(lines[2].points[0]).toBeCloseTo(1, 12);
    expect(lines.map((line) => line.points.slice(1))).toEqual([
      [0, 0, 1],
      [1, 0.5, 0],
      [0, 1, 0.5],
    ]);
    // Lower loss is better: b is the best, a the worst.
    expect(lines.map((line) => line.quality)).toEqual([0, 1, 0.5]);
  });

  it('turns quality around for metrics where higher is better', () => {
    const { lines } = parallelLayout(['width'], runs, 'validationAccuracy', 'validation accuracy');
    expect(lines.map((line) => line.quality)).toEqual([1, 0, 0.5]);
  });
});
