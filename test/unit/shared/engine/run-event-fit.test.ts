import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { runEventMisfit } from '../../../../src/shared/engine/run-event-fit';
import { createTrainerEndpoint } from '../../../../src/shared/engine/trainer-endpoint';
import type { CheckpointFile } from '../../../../src/shared/schema/checkpoint';
import { ExperimentSchema, type Experiment } from '../../../../src/shared/schema/experiment';
import { DatasetMessageSchema, type StartRunRequest, type TrainerEvent } from '../../../../src/shared/schema/protocol';
import { WEIGHTS_FORMAT, WEIGHTS_VERSION, type WeightsFile } from '../../../../src/shared/schema/weights';

// What a worker reports must belong to the run it was asked for: each way a checkpoint or weights
// file can be another network's, named by field.

const dataset = DatasetMessageSchema.parse(resolveSyntheticDataset({ synthetic: 'xor', seed: 0 }));
const xor = (fields: { dtype?: 'float32' | 'float64'; hidden?: number } = {}): Experiment =>
  ExperimentSchema.parse({
    dataset: { synthetic: 'xor' },
    model: { layers: [{ units: fields.hidden ?? 4, activation: 'tanh' }, { units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
    training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 2, seed: 1, dtype: fields.dtype ?? 'float64' },
  });
const request = (experiment: Experiment = xor()): StartRunRequest => ({ type: 'start', runId: 'r', experiment, dataset });

function checkpointOf(experiment: Experiment): Promise<CheckpointFile> {
  return new Promise((resolve) => {
    const endpoint = createTrainerEndpoint((event) => event.type === 'checkpoint' && resolve(event.checkpoint));
    endpoint.handle(request(experiment));
  });
}

const layer = (rows: number, columns: number) => ({ W: Array.from({ length: rows }, () => Array(columns).fill(0.5)), b: Array(rows).fill(0), activation: { name: 'tanh' as const } });
const weights = (layers: ReturnType<typeof layer>[], features = ['x1', 'x2']): WeightsFile => ({
  format: WEIGHTS_FORMAT,
  version: WEIGHTS_VERSION,
  layers,
  input: { features, normalization: { kind: 'none' } },
  output: { task: 'classification', classes: ['0', '1'] },
});
const end = (result: Extract<TrainerEvent, { type: 'end' }>['result']): TrainerEvent => ({ type: 'end', runId: 'r', result });

describe('run event fit', () => {
  it("accepts the run's own checkpoint and weights, and events that carry neither", async () => {
    expect(runEventMisfit({ type: 'checkpoint', runId: 'r', checkpoint: await checkpointOf(xor()) }, request())).toBeUndefined();
    expect(runEventMisfit(end({ status: 'done', weights: weights([layer(4, 2), layer(2, 4)]) }), request())).toBeUndefined();
    expect(runEventMisfit({ type: 'started', runId: 'r' }, request())).toBeUndefined();
    expect(runEventMisfit(end({ status: 'failed', message: 'diverged' }), request())).toBeUndefined();
  });

  it("names a checkpoint's input count, number type or tensor shapes that are not the run's", async () => {
    const own = await checkpointOf(xor());
    expect(runEventMisfit({ type: 'checkpoint', runId: 'r', checkpoint: { ...own, inputs: 3 } }, request())).toBe('checkpoint.inputs: the run has 2 input features, found 3');
    const float32 = await checkpointOf(xor({ dtype: 'float32' }));
    expect(runEventMisfit({ type: 'checkpoint', runId: 'r', checkpoint: float32 }, request())).toBe('checkpoint.experiment.training.dtype: the run trains in float64, found float32');
    const wider = await checkpointOf(xor({ hidden: 6 }));
    expect(runEventMisfit({ type: 'checkpoint', runId: 'r', checkpoint: wider }, request())).toBe("checkpoint.parameters: the run's tensors are 4×2, 4, 2×4, 2, found 6×2, 6, 2×6, 2");
  });

  it('names the layer count, input count, W or b of weights that are not the run\'s', () => {
    const misfit = (file: WeightsFile) => runEventMisfit(end({ status: 'done', weights: file }), request());
    expect(misfit(weights([layer(4, 2)]))).toBe('result.weights.layers: the run has 2 layers, found 1');
    expect(misfit(weights([layer(4, 2), layer(2, 4)], ['x1', 'x2', 'x3']))).toBe('result.weights.input.features: the run has 2 input features, found 3');
    expect(misfit(weights([layer(3, 2), layer(2, 4)]))).toBe('result.weights.layers.0.W: W[1] is 4×2 in this run, found another shape');
    expect(misfit(weights([layer(4, 2), { ...layer(2, 4), b: [0] }]))).toBe('result.weights.layers.1.b: b[2] has 2 values in this run, found 1');
  });
});
