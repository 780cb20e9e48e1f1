import type { z } from 'zod';
import type { SyntheticDatasetName } from '../schema/names';
import type { SyntheticDatasetSpecSchema } from '../schema/experiment';
import { cos, sin } from '../nn/math';
import { createRng, type Rng } from '../nn/rng';
import type { Dataset } from './dataset';

// Seeded 2-D toy datasets for classification. Every point is a deterministic function of the spec
// (same seed ⇒ same rows, bit for bit, on every engine), so a run can be repeated anywhere from its
// experiment JSON alone. Coordinates stay in about [-1.5, 1.5] (blobs: a few units), where the
// default initializers work without normalization.

export type SyntheticDatasetSpec = z.infer<typeof SyntheticDatasetSpecSchema>;

interface Options {
  samples: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  noise: number;
  classes: number;
  rng: Rng;
}

interface Generator {
  defaults: { samples: number; noise: number; classes: number };
  /** Whether `classes` may differ from the default. */
  variableClasses: boolean;
  /** Writes rows into x (samples × 2) and their labels. */
  generate(x: Float64Array, labels: Int32Array, options: Options): void;
}

/** How many of `samples` rows class c gets: as even as possible, the first classes take the remainder. */
function classSizes(samples: number, classes: number): number[] {
  const base = Math.floor(samples / classes);
  return Array.from({ length: classes }, (_, c) => base + (c < samples % classes ? 1 : 0));
}

/** Calls `point(c, i, n)` for every row, class by class, i = 0…n−1 within the class. */
function fillByClass(
  x: Float64Array,
  labels: Int32Array,
  { samples, noise, classes, rng }: Options,
  point: (c: number, i: number, n: number) => [number, number],
): void {
  let row = 0;
  classSizes(samples, classes).forEach((n, c) => {
    for (let i = 0; i < n; i++, row++) {
      const [px, py] = point(c, i, n);
      x[2 * row] = px + noise * rng.normal();
      x[2 * row + 1] = py + noise * rng.normal();
      labels[row] = c;
    }
  });
}

const XOR_CORNERS = [
  [0, 0, 0],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 0],
] as const;

const GENERATORS: Record<SyntheticDatasetName, Generator> = {
  // The first tutorial's truth table; more samples cycle through the corners (with noise if asked).
  xor: {
    defaults: { samples: 4, noise: 0, classes: 2 },
    variableClasses: false,
    generate(x, labels, { samples, noise, rng }) {
      for (let row = 0; row < samples; row++) {
        const [a, b, label] = XOR_CORNERS[row % 4];
        x[2 * row] = a + noise * rng.normal();
        x[2 * row + 1] = b + noise * rng.normal();
        labels[row] = label;
      }
    },
  },
  // Class 0 on the unit circle, class 1 on a circle of radius 0.5 inside it.
  circles: {
    defaults: { samples: 200, noise: 0.05, classes: 2 },
    variableClasses: false,
    generate: (x, labels, options) =>
      fillByClass(x, labels, options, (c, i, n) => {
        const angle = (2 * Math.PI * i) / n;
        const radius = c === 0 ? 1 : 0.5;
        return [radius * cos(angle), radius * sin(angle)];
      }),
  },
  // Two interleaving half circles (the shape scikit-learn's make_moons draws).
  moons: {
    defaults: { samples: 200, noise: 0.1, classes: 2 },
    variableClasses: false,
    generate: (x, labels, options) =>
      fillByClass(x, labels, options, (c, i, n) => {
        const t = n > 1 ? (Math.PI * i) / (n - 1) : 0;
        return c === 0 ? [cos(t), sin(t)] : [1 - cos(t), 0.5 - sin(t)];
      }),
  },
  // Archimedean spirals, one arm per class, arms rotated evenly around the origin; radius 0…1
  // over 1.75 turns, so neighbouring arms of two classes are ~0.29 apart everywhere.
  spirals: {
    defaults: { samples: 200, noise: 0.05, classes: 2 },
    variableClasses: true,
    generate: (x, labels, options) =>
      fillByClass(x, labels, options, (c, i, n) => {
        const radius = (i + 0.5) / n;
        const angle = 2 * Math.PI * (1.75 * radius + c / options.classes);
        return [radius * cos(angle), radius * sin(angle)];
      }),
  },
  // Isotropic Gaussian blobs (noise = their standard deviation) centred evenly on a circle of
  // radius 4, so the default std 1 gives separable but touching clusters.
  blobs: {
    defaults: { samples: 300, noise: 1, classes: 3 },
    variableClasses: true,
    generate: (x, labels, options) =>
      fillByClass(x, labels, options, (c) => {
        const angle = (2 * Math.PI * c) / options.classes;
        return [4 * cos(angle), 4 * sin(angle)];
      }),
  },
};

/** A generator's default size, noise and class count (what a spec gets for the fields it leaves out). */
export function syntheticDefaults(name: SyntheticDatasetName): { samples: number; noise: number; classes: number } {
  return { ...GENERATORS[name].defaults };
}

/** Builds the synthetic dataset a spec describes; unset fields take each generator's defaults. */
export function resolveSyntheticDataset(spec: SyntheticDatasetSpec): Dataset {
  const generator = GENERATORS[spec.synthetic];
  const { defaults } = generator;
  const classes = spec.classes ?? defaults.classes;
  if (!generator.variableClasses && classes !== defaults.classes) {
    throw new Error(`dataset.classes: the ${spec.synthetic} dataset always has ${defaults.classes} classes, not ${classes}`);
  }
  if (classes < 2) throw new Error(`dataset.classes: expected at least 2 classes, found ${classes}`);
  const samples = spec.samples ?? defaults.samples;
  if (samples < classes) {
    throw new Error(`dataset.samples: ${samples} samples cannot cover ${classes} classes`);
  }
  const x = new Float64Array(samples * 2);
  const labels = new Int32Array(samples);
  generator.generate(x, labels, { samples, noise: spec.noise ?? defaults.noise, classes, rng: createRng(spec.seed) });
  return {
    name: spec.synthetic,
    featureNames: ['x1', 'x2'],
    rows: samples,
    features: 2,
    x,
    target: { kind: 'classes', classes: Array.from({ length: classes }, (_, c) => String(c)), labels },
    normalization: { kind: 'none' },
  };
}
