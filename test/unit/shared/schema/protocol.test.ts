import { describe, expect, it } from 'vitest';
import { DatasetMessageSchema, describeIssue, TrainerEventSchema, TrainerRequestSchema } from '../../../../src/shared/schema/protocol';
import { startRequest, xorDataset } from '../../main/fixtures';

// README: messages between the app and its training processes are checked for sizes as well as
// types — the data holds rows × features values, labels name existing classes, split rows exist —
// so a message that claims 10 rows and carries 3 values never reaches a kernel.

type Dataset = ReturnType<typeof xorDataset>;

function problem(edit: (dataset: Dataset) => unknown): string {
  const parsed = TrainerRequestSchema.safeParse({ ...startRequest('r'), dataset: edit(xorDataset()) });
  return parsed.success ? 'ok' : describeIssue(parsed.error);
}

describe('dataset message sizes', () => {
  it("are reported as custom issues (zod's code for a refinement) at the field they name", () => {
    const issues = (edit: (dataset: Dataset) => unknown) => {
      const parsed = DatasetMessageSchema.safeParse(edit(xorDataset()));
      return parsed.success ? [] : parsed.error.issues.map((issue) => [issue.code, issue.path.join('.')]);
    };
    expect(issues((d) => ({ ...d, x: d.x.subarray(0, 7) }))).toEqual([['custom', 'x']]);
    expect(issues((d) => ({ ...d, target: { kind: 'classes', classes: ['0', '1'], labels: Int32Array.of(0, 1, 2, 0) } }))).toEqual([['custom', 'target.labels']]);
    expect(issues((d) => ({ ...d, split: { train: Int32Array.of(4), validation: Int32Array.of(0) } }))).toEqual([['custom', 'split.train']]);
  });

  it('accepts the XOR table, with labels and split rows at both ends of their range', () => {
    expect(problem((d) => d)).toBe('ok');
    expect(problem((d) => ({ ...d, split: { train: Int32Array.of(0, 3), validation: Int32Array.of(1), test: Int32Array.of(2) } }))).toBe('ok');
  });

  it('counts the values against rows × features', () => {
    expect(problem((d) => ({ ...d, x: d.x.subarray(0, 7) }))).toBe('dataset.x: 7 values for 4 rows × 2 features, expected 8');
    expect(problem((d) => ({ ...d, rows: 5 }))).toBe('dataset.x: 8 values for 5 rows × 2 features, expected 10');
    expect(problem((d) => ({ ...d, x: Float32Array.from(d.x) }))).toBe('ok');
    expect(problem((d) => ({ ...d, featureNames: ['x1'] }))).toBe('dataset.featureNames: 1 names, expected 2');
  });

  it('labels: one per row, each naming an existing class', () => {
    const labels = (l: number[]) => (d: Dataset) => ({ ...d, target: { kind: 'classes', classes: ['0', '1'], labels: Int32Array.from(l) } });
    expect(problem(labels([0, 1, 1]))).toBe('dataset.target.labels: 3 labels, expected 4');
    expect(problem(labels([0, 1, 2, 0]))).toBe('dataset.target.labels: a label outside 0…1');
    expect(problem(labels([0, -1, 1, 0]))).toBe('dataset.target.labels: a label outside 0…1');
    expect(problem((d) => ({ ...d, target: { kind: 'classes', classes: ['0'], labels: new Int32Array(4) } }))).toBe(
      'dataset.target.classes: Too small: expected array to have >=2 items',
    );
  });

  it('regression values: rows × targets', () => {
    const values = (names: string[], length: number) => (d: Dataset) => ({ ...d, target: { kind: 'values', names, values: new Float64Array(length) } });
    expect(problem(values(['a', 'b'], 8))).toBe('ok');
    expect(problem(values(['a', 'b'], 4))).toBe('dataset.target.values: 4 values for 4 rows × 2 targets, expected 8');
    expect(problem(values([], 0))).toBe('dataset.target.names: Too small: expected array to have >=1 items');
  });

  it('normalization statistics: one per feature, in each list', () => {
    expect(problem((d) => ({ ...d, normalization: { kind: 'minmax', min: [0, 0], max: [1, 1] } }))).toBe('ok');
    expect(problem((d) => ({ ...d, normalization: { kind: 'minmax', min: [0, 0], max: [1] } }))).toBe('dataset.normalization.max: 1 values, expected 2');
    expect(problem((d) => ({ ...d, normalization: { kind: 'standardize', mean: [0], std: [1, 1] } }))).toBe('dataset.normalization.mean: 1 values, expected 2');
  });

  it('split rows exist, in every split', () => {
    const split = (train: number[], validation: number[], test?: number[]) => (d: Dataset) => ({
      ...d,
      split: { train: Int32Array.from(train), validation: Int32Array.from(validation), ...(test ? { test: Int32Array.from(test) } : {}) },
    });
    expect(problem(split([0, 4], []))).toBe('dataset.split.train: a row index outside 0…3');
    expect(problem(split([0], [-1]))).toBe('dataset.split.validation: a row index outside 0…3');
    expect(problem(split([0], [1], [9]))).toBe('dataset.split.test: a row index outside 0…3');
  });

  it('rows and features: at least one', () => {
    expect(problem((d) => ({ ...d, rows: 0, x: new Float64Array(0), target: { kind: 'classes', classes: ['0', '1'], labels: new Int32Array(0) } }))).toBe(
      'dataset.rows: Too small: expected number to be >=1',
    );
    expect(problem((d) => ({ ...d, features: 0, x: new Float64Array(0), featureNames: [] }))).toBe('dataset.features: Too small: expected number to be >=1');
  });
});

describe('describeIssue', () => {
  it('names the field by its dotted path, or the message itself', () => {
    expect(problem((d) => ({ ...d, x: [0, 0, 0, 1, 1, 0, 1, 1] }))).toMatch(/^dataset\.x: /);
    const parsed = TrainerEventSchema.safeParse('end');
    expect(parsed.success || describeIssue(parsed.error)).toBe('(message): Invalid input: expected object, received string');
  });

  it('events: each type with its run id', () => {
    expect(TrainerEventSchema.safeParse({ type: 'started', runId: 'r' }).success).toBe(true);
    expect(TrainerEventSchema.safeParse({ type: 'end', runId: 'r', result: { status: 'done', bestEpoch: 0 } }).success).toBe(true);
    const parsed = TrainerEventSchema.safeParse({ type: 'end', runId: 'r', result: { status: 'done', bestEpoch: -1 } });
    expect(parsed.success || describeIssue(parsed.error)).toBe('result.bestEpoch: Too small: expected number to be >=0');
  });
});

describe('request and event types', () => {
  const request = (message: unknown) => {
    const parsed = TrainerRequestSchema.safeParse(message);
    return parsed.success ? parsed.data : describeIssue(parsed.error);
  };

  it('start and cancel, each with its fields only', () => {
    expect(request({ type: 'cancel', runId: 'r' })).toEqual({ type: 'cancel', runId: 'r' });
    expect(request({ type: 'cancel', runId: 'r', dataset: xorDataset() })).toBe('(message): Unrecognized key: "dataset"');
    expect(request({ type: 'stop', runId: 'r' })).toBe("type: Invalid discriminator value. Expected 'start' | 'cancel'");
    expect(request({ ...startRequest('r'), resume: 1 })).toBe('resume: Invalid input: expected object, received number');
  });

  it('started, epoch, checkpoint and end', () => {
    const event = (message: unknown) => {
      const parsed = TrainerEventSchema.safeParse(message);
      return parsed.success ? 'ok' : describeIssue(parsed.error);
    };
    expect(event({ type: 'epoch', runId: 'r', event: { epoch: 1, epochs: 1, train: { loss: 1 }, learningRate: 0.1, seconds: 0, layers: [] } })).toBe('ok');
    expect(event({ type: 'epoch', runId: 'r' })).toBe('event: Invalid input: expected object, received undefined');
    expect(event({ type: 'checkpoint', runId: 'r' })).toBe('checkpoint: Invalid input: expected object, received undefined');
    expect(event({ type: 'end', runId: 'r' })).toBe('result: Invalid input: expected object, received undefined');
    expect(event({ type: 'started', runId: 'r', result: {} })).toBe('(message): Unrecognized key: "result"');
    expect(event({ type: 'progress', runId: 'r' })).toBe("type: Invalid discriminator value. Expected 'started' | 'epoch' | 'checkpoint' | 'end'");
  });
});
