import type { z } from 'zod';
import type { Experiment } from '../schema/experiment';
import { applyNormalization, normalizationInverse } from '../schema/normalization';
import type { DType } from '../schema/names';
import { WEIGHTS_FORMAT, WEIGHTS_VERSION, WeightsFileSchema, type WeightsFile } from '../schema/weights';
import { ACTIVATIONS, activationSpecOf, resolveActivation } from './activations';
import type { FloatArray, Kernels } from './kernels/types';
import { predictClasses } from './metrics';
import { Network } from './network';

// Weights JSON v1 (the public export format, see README and schema/weights.ts): export a trained
// network, import one safely, and predict with it. W[l] is written as n_l rows of n_{l−1}
// numbers, so numpy's `W @ x + b` works as in the tutorials. JSON.stringify writes the shortest
// decimal that reads back as the same double, so float64 weights round-trip exactly; float32
// weights are written as the double equal to each float32 and read back to the same float32.
//
// Import treats the text as hostile: size is bounded before JSON.parse, nesting depth is checked
// by a scan before parsing, keys such as "__proto__" are rejected, parsed objects are never merged
// into anything, and every shape is checked against its neighbour. Errors name the field.

/** Largest weights file accepted, in characters (~60 MB of JSON, a few million parameters). */
export const MAX_WEIGHTS_CHARS = 64 * 1024 * 1024;
/** Deepest nesting of arrays/objects accepted; a valid file needs about 8. */
export const MAX_WEIGHTS_DEPTH = 32;
/** Most layers accepted, as in the experiment schema. */
export const MAX_WEIGHTS_LAYERS = 64;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class WeightsFormatError extends Error {
  override name = 'WeightsFormatError';
}

export interface ExportInfo {
  features: string[];
  normalization: WeightsFile['input']['normalization'];
  output: WeightsFile['output'];
  experiment?: Experiment;
  metrics?: Record<string, number>;
}

/**
 * The weights file of a network; `values` overrides the current parameters (e.g. a best-epoch
 * snapshot). A layer without bias says `"bias": false` beside its b of zeros.
 */
export function exportWeights(network: Network, info: ExportInfo, values?: readonly FloatArray[]): WeightsFile {
  const tensor = (index: number) => values?.[index] ?? network.parameters[index].value;
  return {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    layers: network.layers.map((layer, l) => {
      const W = tensor(2 * l);
      const rows: number[][] = [];
      for (let i = 0; i < layer.units; i++) rows.push(Array.from(W.subarray(i * layer.inputs, (i + 1) * layer.inputs)));
      return { W: rows, b: Array.from(tensor(2 * l + 1)), activation: activationSpecOf(layer.activation), ...(layer.bias ? {} : { bias: false as const }) };
    }),
    input: { features: info.features, normalization: info.normalization },
    output: info.output,
    ...(info.experiment ? { experiment: info.experiment } : {}),
    ...(info.metrics ? { metrics: info.metrics } : {}),
  };
}

export function serializeWeights(file: WeightsFile): string {
  return JSON.stringify(file);
}

/** "layers[1].W[3]" from a path of keys and indices. */
function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(file)';
}

/**
 * Deepest [ / { nesting of a JSON text, without parsing it (strings skipped, escapes honoured).
 * Only the characters that matter are visited: the regular expression skips the numbers and
 * whitespace between them natively, which is most of a weights file.
 */
function nestingDepth(text: string): number {
  const tokens = /["[\]{}\\]/g;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let match = tokens.exec(text); match; match = tokens.exec(text)) {
    const c = match[0];
    if (inString) {
      // An escape hides the character after it: an escaped quote does not end the string.
      if (c === '\\') tokens.lastIndex++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return deepest;
}

/** Reject keys that could reach a prototype, and excessive nesting, anywhere in a parsed tree. */
function checkKeys(value: unknown, path: PropertyKey[]): void {
  if (path.length > MAX_WEIGHTS_DEPTH) {
    throw new WeightsFormatError(`${fieldName(path)}: nested deeper than ${MAX_WEIGHTS_DEPTH} levels`);
  }
  if (Array.isArray(value)) {
    // Arrays of numbers are the bulk of a file; only arrays of containers need a walk.
    for (let i = 0; i < value.length; i++) if (typeof value[i] === 'object' && value[i] !== null) checkKeys(value[i], [...path, i]);
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) throw new WeightsFormatError(`${fieldName([...path, key])}: key "${key}" is not allowed`);
      checkKeys((value as Record<string, unknown>)[key], [...path, key]);
    }
  }
}

function zodMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${fieldName(issue.path)}: ${issue.message}`;
}

/** The first nonzero b of a layer that says `"bias": false`, as a message naming it; null if there is none. */
function unusedBias(layer: WeightsFile['layers'][number], where: string): string | null {
  const i = layer.bias === false ? layer.b.findIndex((v) => v !== 0) : -1;
  return i >= 0 ? `${where}.b[${i}]: the layer says "bias": false, so every b must be 0, found ${layer.b[i]}` : null;
}

/** Check what the schema cannot: shapes chain layer to layer and fit the features and the output. */
function checkStructure(file: WeightsFile): void {
  const fail = (message: string) => {
    throw new WeightsFormatError(message);
  };
  const features = file.input.features.length;
  const normalization = file.input.normalization;
  if (normalization.kind !== 'none') {
    const stats = normalization.kind === 'minmax' ? { min: normalization.min, max: normalization.max } : { mean: normalization.mean, std: normalization.std };
    for (const [key, values] of Object.entries(stats)) {
      if (values.length !== features) fail(`input.normalization.${key}: expected ${features} numbers (one per feature), found ${values.length}`);
    }
  }
  let inputs = features;
  file.layers.forEach((layer, l) => {
    const units = layer.b.length;
    const rows = layer.W.length;
    if (units === 0) fail(`layers[${l}].b: expected at least one unit`);
    if (rows !== units) fail(`layers[${l}].W: expected ${units} rows (one per bias in layers[${l}].b), found ${rows}`);
    layer.W.forEach((row, i) => {
      if (row.length !== inputs) {
        fail(`layers[${l}].W: expected ${units} rows of ${inputs} numbers, found ${row.length} columns in row ${i}`);
      }
    });
    const name = layer.activation.name;
    if (ACTIVATIONS[name].outputOnly && l !== file.layers.length - 1) fail(`layers[${l}].activation: ${name} is only allowed on the output layer`);
    if (layer.activation.slope !== undefined && name !== 'leakyRelu') fail(`layers[${l}].activation.slope: only leakyRelu takes a slope`);
    const unused = unusedBias(layer, `layers[${l}]`);
    if (unused) fail(unused);
    inputs = units;
  });
  const outputs = inputs;
  const last = `layers[${file.layers.length - 1}]`;
  if (file.output.task === 'classification') {
    const classes = file.output.classes.length;
    if (outputs !== classes && !(outputs === 1 && classes === 2)) {
      fail(`${last}.b: ${outputs} output units do not fit ${classes} classes (expected ${classes}${classes === 2 ? ' or 1' : ''})`);
    }
  } else {
    const targets = file.output.targets.length;
    if (outputs !== targets) fail(`${last}.b: ${outputs} output units do not fit ${targets} regression targets`);
    const scaling = file.output.scaling;
    if (scaling && scaling.kind !== 'none') {
      for (const [key, values] of Object.entries(scaling)) {
        if (Array.isArray(values) && values.length !== targets) fail(`output.scaling.${key}: expected ${targets} numbers (one per target), found ${values.length}`);
      }
    }
  }
}

/** Validate an already-parsed value (e.g. from a message) as a weights file. */
export function validateWeights(value: unknown): WeightsFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WeightsFormatError('(file): expected a JSON object');
  }
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.layers) && record.layers.length > MAX_WEIGHTS_LAYERS) {
    throw new WeightsFormatError(`layers: ${record.layers.length} layers; at most ${MAX_WEIGHTS_LAYERS} are supported`);
  }
  checkKeys(value, []);
  if (record.format !== WEIGHTS_FORMAT) {
    throw new WeightsFormatError(`format: expected "${WEIGHTS_FORMAT}", found ${JSON.stringify(record.format) ?? 'nothing'}`);
  }
  if (record.version !== WEIGHTS_VERSION) {
    throw new WeightsFormatError(`version: this file is version ${JSON.stringify(record.version) ?? '(missing)'}; only version ${WEIGHTS_VERSION} can be read`);
  }
  const parsed = WeightsFileSchema.safeParse(value);
  if (!parsed.success) throw new WeightsFormatError(zodMessage(parsed.error));
  checkStructure(parsed.data);
  return parsed.data;
}

/** Parse and validate the text of a weights file; throws WeightsFormatError naming the field. */
export function parseWeights(text: string): WeightsFile {
  if (text.length > MAX_WEIGHTS_CHARS) {
    throw new WeightsFormatError(`(file): ${(text.length / 1048576).toFixed(1)} MB is larger than the ${MAX_WEIGHTS_CHARS / 1048576} MB limit for weights files`);
  }
  const depth = nestingDepth(text);
  if (depth > MAX_WEIGHTS_DEPTH) {
    throw new WeightsFormatError(`(file): nested ${depth} levels deep; a weights file needs at most ${MAX_WEIGHTS_DEPTH}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WeightsFormatError(`(file): not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return validateWeights(value);
}

/** A network holding the file's weights (the file must have been validated). */
export function networkFromWeights(file: WeightsFile, dtype: DType = 'float64', kernels?: Kernels): Network {
  const network = new Network({
    inputs: file.input.features.length,
    dtype,
    kernels,
    layers: file.layers.map((layer) => ({ units: layer.b.length, activation: resolveActivation(layer.activation), bias: layer.bias !== false })),
  });
  loadWeights(network, file);
  return network;
}

/**
 * Copy a file's weights into a network of the same architecture (continue training); a mismatch
 * throws naming the first layer that differs, before any weight is written. The shapes and the b
 * of layers without bias are checked here too: a file that came in a message between processes
 * has passed the schema only, not parseWeights.
 */
export function loadWeights(network: Network, file: WeightsFile, fieldPrefix = ''): void {
  if (file.input.features.length !== network.inputs) {
    throw new WeightsFormatError(`${fieldPrefix}input.features: the weights take ${file.input.features.length} features, the data has ${network.inputs}`);
  }
  if (file.layers.length !== network.layers.length) {
    throw new WeightsFormatError(`${fieldPrefix}layers: the weights have ${file.layers.length} layers, the model ${network.layers.length}`);
  }
  network.layers.forEach((layer, l) => {
    const source = file.layers[l];
    const where = `${fieldPrefix}layers[${l}]`;
    if (source.b.length !== layer.units) throw new WeightsFormatError(`${where}.b: the weights have ${source.b.length} units, the model ${layer.units}`);
    const activation = resolveActivation(source.activation);
    if (activation.name !== layer.activation.name || activation.slope !== layer.activation.slope) {
      throw new WeightsFormatError(`${where}.activation: the weights were trained with ${activation.name}, the model uses ${layer.activation.name}`);
    }
    const sourceBias = source.bias ?? true;
    if (sourceBias !== layer.bias) {
      throw new WeightsFormatError(`${where}.bias: the weights ${sourceBias ? 'have a bias' : 'say "bias": false'}, the model's layer ${layer.bias ? 'has one' : 'has none'}`);
    }
    if (source.W.length !== layer.units) throw new WeightsFormatError(`${where}.W: ${source.W.length} rows, the model's layer has ${layer.units} units`);
    const row = source.W.findIndex((numbers) => numbers.length !== layer.inputs);
    if (row >= 0) throw new WeightsFormatError(`${where}.W[${row}]: ${source.W[row].length} numbers, the model's layer takes ${layer.inputs} inputs`);
    const unused = unusedBias(source, where);
    if (unused) throw new WeightsFormatError(unused);
  });
  network.layers.forEach((layer, l) => {
    const source = file.layers[l];
    source.W.forEach((row, i) => layer.W.set(row, i * layer.inputs));
    layer.b.set(source.b);
  });
}

export interface Predictions {
  /** One row of output activations per input row; for regression in the targets' units (a training scaling undone). */
  outputs: number[][];
  /** Classification only: predicted class index and name per row. */
  classIndices?: number[];
  classes?: string[];
}

/** Rows per forward pass when predicting, to bound memory on large files. */
const PREDICT_CHUNK = 1024;

/**
 * Predict for raw feature rows (rows × features, row-major, in the order of `input.features`):
 * applies the stored normalization, then the network, in float64, then (regression) maps the
 * outputs back to the targets' units with the stored target scaling.
 */
export function predict(file: WeightsFile, x: ArrayLike<number>, rows: number): Predictions {
  const features = file.input.features.length;
  if (x.length !== rows * features) {
    throw new WeightsFormatError(`expected ${rows} rows of ${features} features (${file.input.features.join(', ')}), got ${x.length} values`);
  }
  const normalized = Float64Array.from(x);
  applyNormalization(normalized, features, file.input.normalization);
  const network = networkFromWeights(file);
  const outputs: number[][] = [];
  const classIndices: number[] = [];
  const X = new Float64Array(features * PREDICT_CHUNK);
  const predicted = new Int32Array(PREDICT_CHUNK);
  const scaling = file.output.task === 'regression' ? file.output.scaling : undefined;
  const units = scaling && normalizationInverse(scaling, network.outputs);
  const inUnits = (value: number, i: number) => (units ? value * units.scale[i] + units.shift[i] : value);
  for (let start = 0; start < rows; start += PREDICT_CHUNK) {
    const m = Math.min(PREDICT_CHUNK, rows - start);
    const batch = X.subarray(0, features * m);
    for (let j = 0; j < m; j++) for (let f = 0; f < features; f++) batch[f * m + j] = normalized[(start + j) * features + f];
    const A = network.forward(batch, m);
    for (let j = 0; j < m; j++) outputs.push(Array.from({ length: network.outputs }, (_, i) => inUnits(A[i * m + j], i)));
    if (file.output.task === 'classification') {
      predictClasses(A, network.outputs, m, predicted);
      for (let j = 0; j < m; j++) classIndices.push(predicted[j]);
    }
  }
  if (file.output.task !== 'classification') return { outputs };
  const names = file.output.classes;
  return { outputs, classIndices, classes: classIndices.map((c) => names[c]) };
}
