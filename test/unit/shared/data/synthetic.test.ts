import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset, syntheticDefaults } from '../../../../src/shared/data/synthetic';
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

  it('each generator has its documented defaults, which a spec without them gets', () => {
    expect(SYNTHETIC_DATASET_NAMES.map((name) => [name, syntheticDefaults(name)])).toEqual([
      ['xor', { samples: 4, noise: 0, classes: 2 }],
      ['circles', { samples: 200, noise: 0.05, classes: 2 }],
      ['moons', { samples: 200, noise: 0.1, classes: 2 }],
      ['spirals', { samples: 200, noise: 0.05, classes: 2 }],
      ['blobs', { samples: 300, noise: 1, classes: 3 }],
    ]);
    const noiseless = resolveSyntheticDataset({ synthetic: 'circles', noise: 0, seed: 5 });
    const noisy = resolveSyntheticDataset({ synthetic: 'circles', seed: 5 });
    let sq = 0;
    for (let i = 0; i < noisy.x.length; i++) sq += (noisy.x[i] - noiseless.x[i]) ** 2;
    expect(Math.sqrt(sq / noisy.x.length)).toBeCloseTo(0.05, 2);
    expect(noisy).toMatchObject({ name: 'circles', featureNames: ['x1', 'x2'], normalization: { kind: 'none' } });
  });

  it('gives the same bits for a spec as it always has: an experiment JSON regenerates its data anywhere', () => {
    expect(Array.from(resolveSyntheticDataset({ synthetic: 'xor', samples: 4, noise: 0.1, seed: 7 }).x)).toEqual([
      0.27622324384806557, -0.0534778096869175, 0.11999545412421142, 1.0665143135533548, 1.0339039843713926, 0.009751308920027553, 0.8756022778417688,
      0.9939937142161602,
    ]);
    expect(Array.from(resolveSyntheticDataset({ synthetic: 'moons', samples: 4, noise: 0.1, seed: 7 }).x)).toEqual([
      1.2762232438480656, -0.0534778096869175, -0.8800045458757886, 0.06651431355335487, 0.03390398437139268, 0.5097513089200275, 1.875602277841769,
      0.49399371421616006,
    ]);
  });

  it('gives the first classes the rows left over, class by class', () => {
    expect(labelsOf(resolveSyntheticDataset({ synthetic: 'spirals', samples: 8, classes: 3, seed: 0 }))).toEqual([0, 0, 0, 1, 1, 1, 2, 2]);
  });

  it('moons: class 0 on the upper unit half circle, class 1 on the lower one shifted to (1, 0.5) (noise 0)', () => {
    const d = resolveSyntheticDataset({ synthetic: 'moons', samples: 6, noise: 0, seed: 1 });
    const points = Array.from({ length: 6 }, (_, r) => [d.x[2 * r], d.x[2 * r + 1]]);
    const close = (p: number[], q: number[]) => p.forEach((v, i) => expect(v).toBeCloseTo(q[i], 12));
    [[1, 0], [0, 1], [-1, 0], [0, 0.5], [1, -0.5], [2, 0.5]].forEach((q, r) => close(points[r], q));
    // One row per class: the start of each moon.
    const two = resolveSyntheticDataset({ synthetic: 'moons', samples: 2, noise: 0, seed: 1 });
    expect(Array.from(two.x)).toEqual([1, 0, 0, 0.5]);
  });

  it('circles and spirals: where each arm starts, at its angle (noise 0)', () => {
    const circles = resolveSyntheticDataset({ synthetic: 'circles', samples: 8, noise: 0, seed: 1 });
    expect([circles.x[0], circles.x[1], circles.x[8], circles.x[9]]).toEqual([1, 0, 0.5, 0]);
    expect(circles.x[2]).toBeCloseTo(0, 12);
    expect(circles.x[3]).toBeCloseTo(1, 12);
    const spirals = resolveSyntheticDataset({ synthetic: 'spirals', samples: 4, noise: 0, classes: 2, seed: 1 });
    // Row 0: class 0, radius 0.25 at angle 2π·1.75·0.25; row 2: class 1, the same radius half a turn on.
    const angle = 2 * Math.PI * 1.75 * 0.25;
    expect(spirals.x[0]).toBeCloseTo(0.25 * Math.cos(angle), 12);
    expect(spirals.x[1]).toBeCloseTo(0.25 * Math.sin(angle), 12);
    expect(spirals.x[4]).toBeCloseTo(-0.25 * Math.cos(angle), 12);
    expect(spirals.x[5]).toBeCloseTo(-0.25 * Math.sin(angle), 12);
    // Three arms: the second starts a third of a turn on, not back.
    const three = resolveSyntheticDataset({ synthetic: 'spirals', samples: 6, noise: 0, classes: 3, seed: 1 });
    const turned = angle + (2 * Math.PI) / 3;
    expect(three.x[4]).toBeCloseTo(0.25 * Math.cos(turned), 12);
    expect(three.x[5]).toBeCloseTo(0.25 * Math.sin(turned), 12);
  });

  it('blobs: centres evenly on a circle of radius 4 (noise 0)', () => {
    const d = resolveSyntheticDataset({ synthetic: 'blobs', samples: 4, noise: 0, classes: 4, seed: 1 });
    [[4, 0], [0, 4], [-4, 0], [0, -4]].forEach(([x, y], r) => {
      expect(d.x[2 * r]).toBeCloseTo(x, 12);
      expect(d.x[2 * r + 1]).toBeCloseTo(y, 12);
    });
  });

  it('rejects a class count a dataset cannot have', () => {
    expect(() => resolveSyntheticDataset({ synthetic: 'xor', classes: 3, seed: 0 })).toThrow('dataset.classes: the xor dataset always has 2 classes, not 3');
    expect(() => resolveSyntheticDataset({ synthetic: 'circles', classes: 3, seed: 0 })).toThrow('dataset.classes: the circles dataset always has 2 classes, not 3');
    expect(resolveSyntheticDataset({ synthetic: 'blobs', classes: 2, samples: 2, seed: 0 }).rows).toBe(2);
    expect(() => resolveSyntheticDataset({ synthetic: 'moons', classes: 3, seed: 0 })).toThrow(
      'dataset.classes: the moons dataset always has 2 classes, not 3',
    );
    expect(() => resolveSyntheticDataset({ synthetic: 'blobs', classes: 1, seed: 0 })).toThrow('at least 2 classes');
    expect(() => resolveSyntheticDataset({ synthetic: 'blobs', classes: 5, samples: 4, seed: 0 })).toThrow(
      'dataset.samples: 4 samples cannot cover 5 classes',
    );
  });
});
