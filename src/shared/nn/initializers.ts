import type { BiasInit, InitSpec } from '../schema/experiment';
import type { InitializerName } from '../schema/names';
import type { FloatArray } from './kernels/types';
import type { Network } from './network';
import type { Rng } from './rng';

// Weight initializers by name. fanIn = n_{l−1}, fanOut = n_l. Values are drawn row by row
// (W[0,0], W[0,1], …) from the run's seeded generator, so the same seed gives the same weights
// everywhere:
//   zeros 0 · constant value · uniform U(low, high), default [0, 1) like np.random.rand
//   normal mean + std·N(0,1), default std 0.01 like np.random.randn(…)·0.01
//   xavierUniform U(±√(6/(fanIn+fanOut))) · xavierNormal N(0, √(2/(fanIn+fanOut)))
//   heUniform U(±√(6/fanIn)) · heNormal N(0, √(2/fanIn))

export interface InitParams {
  value: number;
  low: number;
  high: number;
  mean: number;
  std: number;
}
export type InitParamName = keyof InitParams;

export interface Initializer {
  name: InitializerName;
  /** The parameters this initializer takes, with their defaults; any other parameter is an error. */
  defaults: Partial<InitParams>;
  fill(w: FloatArray, fanIn: number, fanOut: number, params: InitParams, rng: Rng): void;
}

function fillUniform(w: FloatArray, low: number, high: number, rng: Rng): void {
  const width = high - low;
  for (let i = 0; i < w.length; i++) w[i] = low + width * rng.next();
}

function fillNormal(w: FloatArray, mean: number, std: number, rng: Rng): void {
  for (let i = 0; i < w.length; i++) w[i] = mean + std * rng.normal();
}

export const INITIALIZERS: Record<InitializerName, Initializer> = {
  zeros: { name: 'zeros', defaults: {}, fill: (w) => w.fill(0) },
  constant: { name: 'constant', defaults: { value: 0 }, fill: (w, _i, _o, p) => w.fill(p.value) },
  uniform: { name: 'uniform', defaults: { low: 0, high: 1 }, fill: (w, _i, _o, p, rng) => fillUniform(w, p.low, p.high, rng) },
  normal: { name: 'normal', defaults: { mean: 0, std: 0.01 }, fill: (w, _i, _o, p, rng) => fillNormal(w, p.mean, p.std, rng) },
  xavierUniform: {
    name: 'xavierUniform',
    defaults: {},
    fill(w, fanIn, fanOut, _p, rng) {
      const r = Math.sqrt(6 / (fanIn + fanOut));
      fillUniform(w, -r, r, rng);
    },
  },
  xavierNormal: {
    name: 'xavierNormal',
    defaults: {},
    fill: (w, fanIn, fanOut, _p, rng) => fillNormal(w, 0, Math.sqrt(2 / (fanIn + fanOut)), rng),
  },
  heUniform: {
    name: 'heUniform',
    defaults: {},
    fill(w, fanIn, _fanOut, _p, rng) {
      const r = Math.sqrt(6 / fanIn);
      fillUniform(w, -r, r, rng);
    },
  },
  heNormal: { name: 'heNormal', defaults: {}, fill: (w, fanIn, _o, _p, rng) => fillNormal(w, 0, Math.sqrt(2 / fanIn), rng) },
};

export interface ResolvedInit {
  initializer: Initializer;
  params: InitParams;
}

const NO_PARAMS: InitParams = { value: 0, low: 0, high: 0, mean: 0, std: 0 };

/** Look up an initializer and fill in its defaults; a parameter it does not take is an error naming it. */
export function resolveInit(spec: InitSpec): ResolvedInit {
  const name = typeof spec === 'string' ? spec : spec.name;
  const initializer = INITIALIZERS[name];
  const params: InitParams = { ...NO_PARAMS, ...initializer.defaults };
  if (typeof spec !== 'string') {
    for (const [key, value] of Object.entries(spec)) {
      if (key === 'name' || value === undefined) continue;
      if (!(key in initializer.defaults)) {
        const takes = Object.keys(initializer.defaults);
        throw new Error(
          `init "${name}" takes ${takes.length ? `only ${takes.join(', ')}` : 'no parameters'}, not "${key}"`,
        );
      }
      params[key as InitParamName] = value as number;
    }
  }
  if (name === 'uniform' && !(params.low < params.high)) {
    throw new Error(`init "uniform" needs low < high (got low ${params.low}, high ${params.high})`);
  }
  return { initializer, params };
}

/**
 * Give every layer its initial weights (per-layer spec, else the model's) and biases, drawing
 * from `rng` layer by layer, W before b (a layer without bias keeps b at zero).
 */
export function initializeNetwork(
  network: Network,
  layerInits: readonly InitSpec[],
  biasInit: BiasInit,
  rng: Rng,
): void {
  const biasValue = typeof biasInit === 'string' || biasInit.name === 'zeros' ? 0 : biasInit.value;
  network.layers.forEach((layer, l) => {
    const { initializer, params } = resolveInit(layerInits[l]);
    initializer.fill(layer.W, layer.inputs, layer.units, params, rng);
    if (layer.bias) layer.b.fill(biasValue);
  });
}
