import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { SYNTHETIC_DATASET_NAMES } from '../../../../src/shared/schema/names';

const labelsOf = (d: ReturnType<typeof resolveSyntheticDataset>) =>
  d.target.kind === 'classes' ? Array.from(d.target.labels) : [];

const counts = (labels: number[], classes: number) =>
  Array.from({ length: classes }, (_, c) => labels.filter((l) => l === c).length);

describe('synthetic datasets', () => {
  it('xor is the first tutorial’s 4-row truth table', () => {
    const xor = resolveSyntheticDataset({ synthetic: 'xor', seed: 0 });
    expect(xor.rows).toBe(4);
    expect(Array.from(xor.x)).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(labelsOf(xor)).toEqual([0, 1, 1, 0]);
    expect(xor.target.kind === 'classes' && xor.target.classes).toEqual(['0', '1']);
  });

  it('xor with more samples cycles the corners and adds the requested noise', () => {
    const xor = resolveSyntheticDataset({ synthetic: 'xor', samples: 400, noise: 0.1, seed: 3 });
    expect(labelsOf(xor).slice(0, 8)).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
    let sq = 0;
    for (let row = 0; row < 400; row++) {
      const cornerX = [0, 0, 1, 1][row % 4];
      sq += (xor.x[2 * row] - cornerX) ** 2;
    }
    expect(Math.sqrt(sq / 400)).toBeGreaterThan(0.08);
    expect(Math.sqrt(sq / 400)).toBeLessThan(0.12);
  });

  it.each(SYNTHETIC_DATASET_NAMES)('%s: 2 features, balanced labels, same seed ⇒ same data', (name) => {
    const a = resolveSyntheticDataset({ synthetic: name, samples: 101, seed: 7 });
    const b = resolveSyntheticDataset({ synthetic: name, samples: 101, seed: 7 });
    const c = resolveSyntheticDataset({ synthetic: name, samples: 101, seed: 8 });
    expect(a.rows).toBe(101);
    expect(a.features).toBe(2);
    expect(a.x).toHaveLength(202);
    expect(a.x).toEqual(b.x);
    expect(a.target).toEqual(b.target);
    if (name !== 'xor') expect(a.x).not.toEqual(c.x);
    expect(a.x.every(Number.isFinite)).toBe(true);
    const classes = a.target.kind === 'classes' ? a.target.classes.length : 0;
    const perClass = counts(labelsOf(a), classes);
    expect(Math.max(...perClass) - Math.min(...perClass)).toBeLessThanOrEqual(1);
  });

  it('circles: class 0 on radius 1, class 1 on radius 0.5 (noise 0)', () => {
    const d = resolveSyntheticDataset({ synthetic: 'circles', samples: 50, noise: 0, seed: 1 });
    const labels = labelsOf(d);
    for (let row = 0; row < 50; row++) {
      expect(Math.hypot(d.x[2 * row], d.x[2 * row + 1])).toBeCloseTo(labels[row] === 0 ? 1 : 0.5, 12);
    }
  });

  it('spirals: radius grows to 1 along each arm; classes gives more arms', () => {
    const d = resolveSyntheticDataset({ synthetic: 'spirals', samples: 300, noise: 0, classes: 3, seed: 1 });
    expect(d.target.kind === 'classes' && d.target.classes).toEqual(['0', '1', '2']);
    expect(counts(labelsOf(d), 3)).toEqual([100, 100, 100]);
    const radius = (row: number) => Math.hypot(d.x[2 * row], d.x[2 * row + 1]);
    expect(radius(0)).toBeCloseTo(0.005, 12);
    expect(radius(99)).toBeCloseTo(0.995, 12);
    expect(radius(50)).toBeGreaterThan(radius(49));
  });

  it('blobs: noise is the standard deviation around each centre', () => {
    const d = resolveSyntheticDataset({ synthetic: 'blobs', samples: 3000, noise: 0.5, seed: 2 });
    const labels = labelsOf(d);
    for (let c = 0; c < 3; c++) {
      const xs = [] as number[];
      labels.forEach((l, row) => l === c && xs.push(d.x[2 * row]));
      const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
      const std = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length);
      expect(mean).toBeCloseTo(4 * Math.cos((2 * Math.PI * c) / 3), 1);
      expect(std).toBeGreaterThan(0.45);
      expect(std).toBeLessThan(0.55);
    }
  });

  it('rejects a class count a dataset cannot have', () => {
    expect(() => resolveSyntheticDataset({ synthetic: 'moons', classes: 3, seed: 0 })).toThrow(
      'dataset.classes: the moons dataset always has 2 classes, not 3',
    );
    expect(() => resolveSyntheticDataset({ synthetic: 'blobs', classes: 1, seed: 0 })).toThrow('at least 2 classes');
    expect(() => resolveSyntheticDataset({ synthetic: 'blobs', classes: 5, samples: 4, seed: 0 })).toThrow(
      'dataset.samples: 4 samples cannot cover 5 classes',
    );
  });
});
