import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { onnxRunner } from '../../../../src/shared/export/onnx-runner';
import { writeExport } from '../../../../src/shared/export/export-formats';
import { describeVerification, probeData, verifyExport, type OnnxRunner } from '../../../../src/shared/export/verify-export';
import { predict } from '../../../../src/shared/nn/weights-json';
import { exportCases, FEATURES } from './export-models';

// Verification reads the written bytes back through the format's runtime or reader and compares
// with the workbench: it must report agreement with both scores, and flag any real disagreement.

const runOnnx = onnxRunner(ort);
const noOnnx: OnnxRunner = () => Promise.reject(new Error('not an ONNX export'));

const cases = exportCases();
const classifier = cases.find((c) => c.name === 'classifier, tanh')!;
const regressor = cases.find((c) => c.name === 'regressor, linear')!;

function labelsOf(c: typeof classifier): Int32Array {
  // Labels the network gets right on all rows but the first three, so accuracy is 37/40.
  const predicted = predict(c.file, c.x, c.rows).classIndices!;
  return Int32Array.from(predicted, (label, i) => (i < 3 ? (label + 1) % 3 : label));
}

describe('verifyExport', () => {
  for (const format of ['onnx', 'npz', 'safetensors', 'json'] as const) {
    it(`${format}: agrees, with the same accuracy on both sides`, async () => {
      const data = { source: 'test rows', rows: classifier.rows, x: classifier.x, labels: labelsOf(classifier) };
      const bytes = writeExport(classifier.file, format, 'float32');
      const v = await verifyExport(classifier.file, bytes, { format, dtype: 'float32', fileName: `m.${format}`, data, runOnnx: format === 'onnx' ? runOnnx : noOnnx });
      expect(v.agrees).toBe(true);
      expect(v.maxAbsDifference).toBeLessThan(format === 'json' ? 1e-300 : 1e-5);
      expect(v.workbench).toEqual({ accuracy: 37 / 40 });
      expect(v.exported).toEqual({ accuracy: 37 / 40 });
      expect(v.classChanges).toBe(0);
    });
  }

  it('regression: reports R² and RMSE for both', async () => {
    const outputs = predict(regressor.file, regressor.x, regressor.rows).outputs;
    // Targets = predictions + a known error, so R² is below 1 and the same for both sides.
    const values = Float64Array.from(outputs.flat(), (v, k) => v + (k % 2 ? 0.5 : -0.5));
    const data = { source: 'test rows', rows: regressor.rows, x: regressor.x, values };
    const v = await verifyExport(regressor.file, writeExport(regressor.file, 'onnx', 'float32'), { format: 'onnx', dtype: 'float32', fileName: 'm.onnx', data, runOnnx });
    expect(v.agrees).toBe(true);
    const r2 = (v.workbench as { r2: number }).r2;
    expect(r2).toBeLessThan(1);
    expect(r2).toBeGreaterThan(0);
    expect((v.exported as { r2: number }).r2).toBeCloseTo(r2, 5);
    // Every error is ±0.5, so the RMSE is 0.5 exactly on both sides (to float32 rounding).
    expect(describeVerification(v, 'onnxruntime-node')[1]).toMatch(/^workbench R² 0\.\d{6}, RMSE 0\.50000\d, export R² 0\.\d{6}, RMSE 0\.50000\d$/);
  });

  it('flags an export whose runtime computes something else, naming the difference', async () => {
    const skewed: OnnxRunner = async (...args) => Float32Array.from(await runOnnx(...args), (v) => v * 1.001);
    const data = probeData(classifier.file);
    const v = await verifyExport(classifier.file, writeExport(classifier.file, 'onnx', 'float32'), { format: 'onnx', dtype: 'float32', fileName: 'm.onnx', data, runOnnx: skewed });
    expect(v.agrees).toBe(false);
    expect(v.maxAbsDifference).toBeGreaterThan(1e-4);
    expect(describeVerification(v, 'a skewed runtime').at(-1)).toBe('the export DISAGREES with the workbench beyond float32 rounding');
  });

  it('flags NaN outputs', async () => {
    const nan: OnnxRunner = async (_m, _x, rows) => new Float32Array(rows * 3).fill(NaN);
    const v = await verifyExport(classifier.file, new Uint8Array(), { format: 'onnx', dtype: 'float32', fileName: 'm.onnx', data: probeData(classifier.file), runOnnx: nan });
    expect(v.agrees).toBe(false);
    expect(v.maxAbsDifference).toBe(Infinity);
  });

  it('flags a file whose bytes changed after writing', async () => {
    const bytes = writeExport(regressor.file, 'safetensors', 'float32');
    // The last float32 of the data is scale's last entry: scale 60 → a different number.
    new DataView(bytes.buffer).setFloat32(bytes.length - 4, 30, true);
    const v = await verifyExport(regressor.file, bytes, { format: 'safetensors', dtype: 'float32', fileName: 'm.safetensors', data: probeData(regressor.file), runOnnx: noOnnx });
    expect(v.agrees).toBe(false);
  });
});

describe('probeData', () => {
  it('spreads deterministic rows over the training range of each feature', () => {
    const data = probeData(classifier.file, 64);
    expect(data.x.length).toBe(64 * FEATURES.length);
    expect(probeData(classifier.file, 64).x).toEqual(data.x);
    const column = (j: number) => Array.from({ length: 64 }, (_, i) => data.x[i * FEATURES.length + j]);
    // standardize: mean ± 2 std; the constant feature (std 0) stays at its mean.
    expect(Math.min(...column(1))).toBeGreaterThanOrEqual(130);
    expect(Math.max(...column(1))).toBeLessThanOrEqual(210);
    expect(new Set(column(2))).toEqual(new Set([3]));
  });
});
