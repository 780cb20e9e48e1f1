import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, CheckpointFileSchema, type CheckpointFile } from '../schema/checkpoint';
import type { Experiment } from '../schema/experiment';
import type { DType } from '../schema/names';
import { describeSchemaError } from '../schema/schema-error';
import { decodeBase64, encodeBase64 } from './base64';
import { nonzeroWithoutBias, type TrainCheckpoint } from './checkpoint';
import type { FloatArray } from './kernels/types';

// A TrainCheckpoint to and from its JSON form (schema/checkpoint.ts): every array as base64 of its
// little-endian bytes, so float64 and float32 values, -0 included, come back bit for bit.

/** What a checkpoint file says besides the training state. */
export interface CheckpointContext {
  experiment: Experiment;
  /** The dataset's feature count. */
  inputs: number;
  experimentPath?: string;
}

function toBase64(array: FloatArray | Int32Array): string {
  const bytes = new Uint8Array(array.byteLength);
  const view = new DataView(bytes.buffer);
  if (array instanceof Float64Array) array.forEach((v, i) => view.setFloat64(8 * i, v, true));
  else if (array instanceof Float32Array) array.forEach((v, i) => view.setFloat32(4 * i, v, true));
  else array.forEach((v, i) => view.setInt32(4 * i, v, true));
  return encodeBase64(bytes);
}

function floats(text: string, dtype: DType): FloatArray {
  const bytes = decodeBase64(text);
  const view = new DataView(bytes.buffer);
  if (dtype === 'float64') return Float64Array.from({ length: bytes.length / 8 }, (_, i) => view.getFloat64(8 * i, true));
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(4 * i, true));
}

function int32s(text: string): Int32Array {
  const bytes = decodeBase64(text);
  const view = new DataView(bytes.buffer);
  return Int32Array.from({ length: bytes.length / 4 }, (_, i) => view.getInt32(4 * i, true));
}

export function checkpointToJson(checkpoint: TrainCheckpoint, { experiment, inputs, experimentPath }: CheckpointContext): CheckpointFile {
  const encode = (list: FloatArray[]) => list.map(toBase64);
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    experiment,
    ...(experimentPath !== undefined ? { experimentPath } : {}),
    inputs,
    epoch: checkpoint.epoch,
    seconds: checkpoint.seconds,
    parameters: encode(checkpoint.parameters),
    optimizer: {
      name: checkpoint.optimizer.name,
      steps: checkpoint.optimizer.steps,
      arrays: Object.fromEntries(Object.entries(checkpoint.optimizer.arrays).map(([name, list]) => [name, encode(list)])),
    },
    rng: checkpoint.rng,
    order: toBase64(checkpoint.order),
    best: checkpoint.best && { epoch: checkpoint.best.epoch, loss: checkpoint.best.loss, parameters: encode(checkpoint.best.parameters) },
    epochsWithoutImprovement: checkpoint.epochsWithoutImprovement,
    ...(checkpoint.lastEvent ? { lastEvent: checkpoint.lastEvent } : {}),
    ...(checkpoint.bestEvent ? { bestEvent: checkpoint.bestEvent } : {}),
    ...(checkpoint.targetScaling ? { targetScaling: checkpoint.targetScaling } : {}),
  };
}

export function serializeCheckpoint(checkpoint: TrainCheckpoint, context: CheckpointContext): string {
  return JSON.stringify(checkpointToJson(checkpoint, context));
}

/** The training state of a validated checkpoint file, in the arrays of its experiment's dtype. */
export function checkpointFromJson(file: CheckpointFile): TrainCheckpoint {
  const dtype = file.experiment.training.dtype;
  const decode = (list: string[]) => list.map((text) => floats(text, dtype));
  return {
    epoch: file.epoch,
    seconds: file.seconds,
    parameters: decode(file.parameters),
    optimizer: {
      name: file.optimizer.name,
      steps: file.optimizer.steps,
      arrays: Object.fromEntries(Object.entries(file.optimizer.arrays).map(([name, list]) => [name, decode(list)])),
    },
    rng: file.rng,
    order: int32s(file.order),
    best: file.best && { epoch: file.best.epoch, loss: file.best.loss, parameters: decode(file.best.parameters) },
    epochsWithoutImprovement: file.epochsWithoutImprovement,
    ...(file.lastEvent ? { lastEvent: file.lastEvent } : {}),
    ...(file.bestEvent ? { bestEvent: file.bestEvent } : {}),
    ...(file.targetScaling ? { targetScaling: file.targetScaling } : {}),
  };
}

/** Parse and validate the text of a checkpoint file; throws an Error naming the field that is wrong. */
export function parseCheckpoint(text: string): { file: CheckpointFile; checkpoint: TrainCheckpoint } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return validateCheckpoint(value);
}

/** Validate an already-parsed value as a checkpoint file and decode its arrays. */
export function validateCheckpoint(value: unknown): { file: CheckpointFile; checkpoint: TrainCheckpoint } {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (record.format !== CHECKPOINT_FORMAT) throw new Error(`format: expected "${CHECKPOINT_FORMAT}", found ${JSON.stringify(record.format) ?? 'nothing'}`);
  if (record.version !== CHECKPOINT_VERSION) {
    throw new Error(`version: this file is version ${JSON.stringify(record.version) ?? '(missing)'}; only version ${CHECKPOINT_VERSION} can be read`);
  }
  const parsed = CheckpointFileSchema.safeParse(value);
  if (!parsed.success) throw new Error(describeSchemaError(parsed.error));
  const checkpoint = checkpointFromJson(parsed.data);
  // The schema checked the sizes; the numbers of a layer without bias can only be checked decoded.
  const unused = nonzeroWithoutBias(checkpoint, parsed.data.experiment.model.layers.map((layer) => layer.bias !== false));
  if (unused) throw new Error(unused);
  return { file: parsed.data, checkpoint };
}
