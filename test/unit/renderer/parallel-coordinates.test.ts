import { describe, expect, it } from 'vitest';
import { parallelLayout, placeAxisNames, thinTicks } from '../../../src/renderer/src/features/sweeps/parallel-coordinates';

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

describe('parallel coordinates labels', () => {
  it('leaves out tick labels that would overlap, keeping both ends', () => {
    const ticks = [0, 0.02, 0.05, 0.3, 0.31, 0.97, 1].map((at) => ({ at, label: String(at) }));
    expect(thinTicks(ticks, 0.1).map((tick) => tick.at)).toEqual([0, 0.3, 1]);
    expect(thinTicks([{ at: 0.5 }, { at: 0.55 }], 0.1)).toEqual([{ at: 0.5 }]);
    const kept = thinTicks(ticks, 0.04).map((tick) => tick.at);
    for (let i = 1; i < kept.length; i++) expect(kept[i] - kept[i - 1]).toBeGreaterThanOrEqual(0.04);
  });

  it('puts long axis names on two lines, and shortens only what even that cannot hold', () => {
    expect(placeAxisNames(['lr', 'width', 'loss'], 300, 8).map((name) => [name.text, name.row])).toEqual([
      ['lr', 0],
      ['width', 0],
      ['loss', 0],
    ]);
    const names = placeAxisNames(['training.optimizer.learningRate', 'model.layers[0].units', 'training.batchSize', 'validation loss'], 100, 8);
    expect(names.map((name) => name.row)).toEqual([0, 1, 0, 1]);
    // Same-line neighbours are two spacings apart: no name is wider than its room.
    names.forEach((name, i) => expect(name.text.length * 8).toBeLessThanOrEqual((i === 0 || i === 3 ? 100 : 200) - 6));
    expect(names[0]).toMatchObject({ text: 'training.o…', full: 'training.optimizer.learningRate' });
    expect(names[1].text).toBe('model.layers[0].units');
  });

  it('labels numbers to four significant digits', () => {
    const { axes } = parallelLayout(['learningRate'], [{ config: { learningRate: 0.0448140474656 }, value: 1, label: 'a' }, { config: { learningRate: 0.1 }, value: 2, label: 'b' }], 'trainLoss', 'train loss');
    expect(axes[0].ticks.map((tick) => tick.label)).toEqual(['0.04481', '0.1']);
  });
});
