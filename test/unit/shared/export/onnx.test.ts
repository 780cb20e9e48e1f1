import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { exportOnnx, ONNX_INPUT, ONNX_OPSET, ONNX_OUTPUT } from '../../../../src/shared/export/onnx';
import { portableModel, type ExportDType } from '../../../../src/shared/export/portable-model';
import { onnx } from '../../../../src/shared/export/generated/onnx-proto.js';
import { predict } from '../../../../src/shared/nn/weights-json';
import { CLASSES, exportCases, FEATURES, maxRelativeDifference, pythonWith, unless, type ExportCase } from './export-models';

// ONNX exports run in ONNX Runtime (the Node binding) and must give the workbench's predictions
// for raw feature rows; ONNX's own checker must accept them.

/** The decoded fields these tests read (protobufjs types every field as optional). */
interface Decoded {
  opset_import: { domain: string; version: number }[];
  metadata_props: { key: string; value: string }[];
  graph: {
    node: { op_type: string; input: string[]; attribute: { name: string; f: number }[] }[];
    input: { type: { tensor_type: { shape: { dim: { dim_param: string; dim_value: number }[] } } } }[];
    initializer: { name: string; dims: number[] }[];
  };
}
const decode = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes) as unknown as Decoded;

const CHECKER = resolve(import.meta.dirname, '../../../reference/onnx_check.py');

async function runOnnx(bytes: Uint8Array, c: ExportCase, dtype: ExportDType): Promise<ArrayLike<number>> {
  const session = await ort.InferenceSession.create(bytes);
  const x = dtype === 'float32' ? Float32Array.from(c.x) : c.x;
  const result = await session.run({ [ONNX_INPUT]: new ort.Tensor(dtype, x, [c.rows, FEATURES.length]) });
  await session.release();
  expect(result[ONNX_OUTPUT].dims).toEqual([c.rows, c.file.layers.at(-1)!.b.length]);
  return result[ONNX_OUTPUT].data as Float32Array | Float64Array;
}

describe('ONNX export in ONNX Runtime', () => {
  for (const c of exportCases()) {
    for (const [dtype, tolerance] of [['float32', 1e-5], ['float64', 1e-12]] as const) {
      it(`${c.name}, ${dtype}: the same predictions as the workbench within ${tolerance} relative`, async () => {
        const expected = predict(c.file, c.x, c.rows).outputs.flat();
        const outputs = await runOnnx(exportOnnx(portableModel(c.file, dtype)), c, dtype);
        expect(outputs).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
        expect(maxRelativeDifference(outputs, expected, c.file)).toBeLessThan(tolerance);
        // The rows are spread enough for the test to mean something: outputs differ row to row.
        expect(new Set(expected.map((v) => v.toFixed(3))).size).toBeGreaterThan(5);
      });
    }
  }

  it('a wrong activation would be caught: tanh swapped for sigmoid moves the outputs far beyond the tolerance', async () => {
    const c = exportCases().find((e) => e.name === 'classifier, tanh')!;
    const swapped = structuredClone(c.file);
    swapped.layers[0].activation = { name: 'sigmoid' };
    const outputs = await runOnnx(exportOnnx(portableModel(swapped, 'float32')), c, 'float32');
    expect(maxRelativeDifference(outputs, predict(c.file, c.x, c.rows).outputs.flat())).toBeGreaterThan(1e-2);
  });
});

describe('ONNX graph', () => {
  const c = exportCases().find((e) => e.name === 'classifier, leakyRelu')!;
  const model = decode(exportOnnx(portableModel(c.file, 'float32')));

  it('is Sub/Div normalization, then Gemm + activation per layer, at opset 13 with a dynamic batch', () => {
    expect(model.opset_import.map((o) => [o.domain, Number(o.version)])).toEqual([['', ONNX_OPSET]]);
    expect(model.graph.node.map((n) => n.op_type)).toEqual(['Sub', 'Div', 'Gemm', 'LeakyRelu', 'Gemm', 'LeakyRelu', 'Gemm', 'Softmax']);
    const leaky = model.graph.node.find((n) => n.op_type === 'LeakyRelu')!;
    expect(leaky.attribute[0].name).toBe('alpha');
    expect(leaky.attribute[0].f).toBeCloseTo(0.2, 7);
    const input = model.graph.input[0].type.tensor_type.shape.dim;
    expect(input.map((d) => d.dim_param || Number(d.dim_value))).toEqual(['batch', FEATURES.length]);
    const w1 = model.graph.initializer.find((t) => t.name === 'W1')!;
    expect(w1.dims.map(Number)).toEqual([6, FEATURES.length]);
  });

  it('names the features and classes in metadata_props', () => {
    const metadata = Object.fromEntries(model.metadata_props.map((p) => [p.key, p.value]));
    expect(JSON.parse(metadata.feature_names)).toEqual(FEATURES);
    expect(JSON.parse(metadata.class_names)).toEqual(CLASSES);
    expect(metadata.task).toBe('classification');
    expect(metadata.normalization).toBe('standardize');
  });

  it('a layer without bias is a Gemm without C', () => {
    const c = exportCases().find((e) => e.name === 'classifier, layers without bias')!;
    const graph = decode(exportOnnx(portableModel(c.file, 'float32'))).graph;
    expect(graph.node.filter((n) => n.op_type === 'Gemm').map((n) => n.input.length)).toEqual([2, 2]);
    expect(graph.initializer.map((t) => t.name).sort()).toEqual(['W1', 'W2', 'scale', 'shift']);
  });

  it('without normalization the features go straight into the first Gemm', () => {
    const binary = exportCases().find((e) => e.name.startsWith('binary'))!;
    const graph = decode(exportOnnx(portableModel(binary.file, 'float32'))).graph;
    expect(graph.node.map((n) => n.op_type)).toEqual(['Gemm', 'Relu', 'Gemm', 'Sigmoid']);
    expect(graph.node[0].input[0]).toBe(ONNX_INPUT);
  });
});

const checker = pythonWith('onnx');
describe('ONNX checker', () => {
  it.skipIf(!checker)(unless(checker, 'accepts every export, float32 and float64, with the inputs, outputs and metadata meant', 'onnx'), () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-check-'));
    for (const c of exportCases()) {
      for (const dtype of ['float32', 'float64'] as const) {
        const path = join(dir, 'model.onnx');
        writeFileSync(path, exportOnnx(portableModel(c.file, dtype)));
        const run = spawnSync(checker!, [CHECKER, path], { encoding: 'utf8' });
        expect(run.stderr, `${c.name} ${dtype}`).toBe('');
        const seen = JSON.parse(run.stdout);
        const elem = dtype === 'float32' ? 1 : 11;
        expect(seen.opset).toBe(ONNX_OPSET);
        expect(seen.inputs).toEqual([[ONNX_INPUT, ['batch', FEATURES.length], elem]]);
        expect(seen.outputs).toEqual([[ONNX_OUTPUT, ['batch', c.file.layers.at(-1)!.b.length], elem]]);
        expect(JSON.parse(seen.metadata.feature_names)).toEqual(FEATURES);
      }
    }
  });
});
