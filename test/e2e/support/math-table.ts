import { resolveSyntheticDataset } from '../../../src/shared/data/synthetic';
import { cos, exp, expm1, log, log1p, pow, sin, tanh } from '../../../src/shared/nn/math';
import { createRng } from '../../../src/shared/nn/rng';

// A table of results of the project's elementary functions, of the seeded normals that initialize
// weights and of a synthetic dataset: what must come out bit for bit the same in Node and in a
// browser's Web Worker. Runs in both (bundled into the worker by determinism.test.ts), so it
// imports only src/shared. The same arguments through the host's Math show what the project's
// functions save us from.

export interface Section {
  name: string;
  length: number;
}

export interface Table {
  sections: Section[];
  values: Float64Array;
}

type Unary = (x: number) => number;
type Binary = (x: number, y: number) => number;

const SPECIALS = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1, -1, 0.5, -0.5];

/** Arguments per function: specials, then seeded draws over the ranges training meets and far beyond. */
function arguments1(name: string, count: number): number[] {
  const rng = createRng(name.length * 7919 + count);
  const draw: Record<string, () => number> = {
    exp: () => (rng.next() - 0.5) * 1460,
    expm1: () => (rng.next() - 0.5) * 8 * 2 ** -rng.int(40),
    log: () => rng.next() * 2 ** (rng.int(2046) - 1022),
    log1p: () => rng.next() * 4 - 1,
    tanh: () => (rng.next() - 0.5) * 2 ** (rng.int(12) - 6) * 10,
    sin: () => (rng.next() - 0.5) * 2 ** (rng.int(80) - 20),
    cos: () => (rng.next() - 0.5) * 2 ** (rng.int(80) - 20),
  };
  return [...SPECIALS, ...Array.from({ length: count }, draw[name])];
}

function pairs(count: number): [number, number][] {
  const rng = createRng(42);
  return Array.from({ length: count }, () => [rng.next() * 10, (rng.next() - 0.5) * 120]);
}

/** Adam's bias corrections β^t and the schedules' factor^epoch. */
function integerPowers(): [number, number][] {
  const out: [number, number][] = [];
  for (const beta of [0.9, 0.99, 0.999, 0.5, 0.95]) for (let t = 1; t <= 2000; t += 7) out.push([beta, t]);
  return out;
}

const UNARY = ['exp', 'expm1', 'log', 'log1p', 'tanh', 'sin', 'cos'] as const;
const OURS: Record<(typeof UNARY)[number], Unary> = { exp, expm1, log, log1p, tanh, sin, cos };
const HOST: Record<(typeof UNARY)[number], Unary> = {
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
};

function build(unary: Record<(typeof UNARY)[number], Unary>, power: Binary, withProduct: boolean): Table {
  const sections: Section[] = [];
  const values: number[] = [];
  const add = (name: string, results: ArrayLike<number>) => {
    sections.push({ name, length: results.length });
    for (let i = 0; i < results.length; i++) values.push(results[i]);
  };
  for (const name of UNARY) add(name, arguments1(name, 3000).map(unary[name]));
  add('pow', pairs(3000).map(([x, y]) => power(x, y)));
  add('pow β^t', integerPowers().map(([x, y]) => power(x, y)));
  if (withProduct) {
    const rng = createRng(1);
    add('normals', Array.from({ length: 3000 }, () => rng.normal()));
    add('spirals', resolveSyntheticDataset({ synthetic: 'spirals', samples: 1000, noise: 0.1, classes: 3, seed: 5 }).x);
  }
  return { sections, values: Float64Array.from(values) };
}

/** The project's functions (and what is built on them). */
export const mathTable = (): Table => build(OURS, pow, true);

/** The same arguments through the host's Math and `**`, for comparison only. */
export const hostTable = (): Table => build(HOST, (x, y) => x ** y, false);

/** The table's bytes as hex: a lossless form that crosses the page boundary (NaN payloads included). */
export function tableHex(table: Table): string {
  const bytes = new Uint8Array(table.values.buffer);
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += bytes[i].toString(16).padStart(2, '0');
  return hex;
}
