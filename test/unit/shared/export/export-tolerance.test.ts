import { describe, expect, it } from 'vitest';
import { probeData, verifyExport, type OnnxRunner } from '../../../../src/shared/export/verify-export';
import type { ExportDType } from '../../../../src/shared/export/portable-model';
import { normalizationInverse } from '../../../../src/shared/schema/normalization';
import { predict } from '../../../../src/shared/nn/weights-json';
import { exportCases, type ExportCase } from './export-models';

// README: "an export that differs by more than 1e-4 × max(1, |output|) in float32 (1e-9 in float64;
// for scaled regression targets, of the network's output before the un-scaling) is reported and
// not kept". A runtime that answers each output off by just under / just over that bound, on the
// 64 probe rows used without --verify, must be accepted / flagged.

const cases = exportCases();
const byName = (name: string) => cases.find((c) => c.name === name)!;
const TOLERANCE: Record<ExportDType, number> = { float32: 1e-4, float64: 1e-9 };

/** A runtime that gives the workbench's outputs, moved by `factor` × the README's bound (in the network's own units) at `at`. */
function offBy(c: ExportCase, dtype: ExportDType, factor: number, at: (k: number) => boolean): OnnxRunner {
  return async (_model, x, rows) => {
    const outputs = predict(c.file, Float64Array.from(x), rows).outputs.flat();
    const width = c.file.layers.at(-1)!.b.length;
    const scaling = c.file.output.task === 'regression' ? c.file.output.scaling : undefined;
    const units = scaling ? normalizationInverse(scaling, width) : { scale: new Array<number>(width).fill(1), shift: new Array<number>(width).fill(0) };
    return Float64Array.from(outputs, (v, k) => {
      if (!at(k)) return v;
      const own = (v - units.shift[k % width]) / units.scale[k % width];
      return v + factor * TOLERANCE[dtype] * Math.max(1, Math.abs(own)) * units.scale[k % width];
    });
  };
}

async function agrees(c: ExportCase, dtype: ExportDType, factor: number, at: (k: number) => boolean = () => true) {
  const data = probeData(c.file);
  expect(data.rows).toBe(64);
  const v = await verifyExport(c.file, new Uint8Array(), { format: 'onnx', dtype, fileName: 'm.onnx', data, runOnnx: offBy(c, dtype, factor, at) });
  return v.agrees;
}

describe("an export's allowed difference from the workbench", () => {
  it.each(['float32', 'float64'] as const)('%s: probabilities within the bound agree, one output just beyond it does not', async (dtype) => {
    const c = byName('classifier, tanh');
    expect(await agrees(c, dtype, 0.9)).toBe(true);
    expect(await agrees(c, dtype, -0.9)).toBe(true);
    expect(await agrees(c, dtype, 1.1, (k) => k === 77)).toBe(false);
  });

  it('scales with |output| past 1: an output of magnitude above 1 may differ by that many times the bound', async () => {
    const c = byName('regressor, standardized targets');
    const outputs = predict(c.file, probeData(c.file).x, 64).outputs.flat();
    const width = 2;
    const { scale, shift } = normalizationInverse(c.file.output.task === 'regression' ? c.file.output.scaling! : { kind: 'none' }, width);
    const large = outputs.findIndex((v, k) => Math.abs((v - shift[k % width]) / scale[k % width]) > 1.5);
    expect(large).toBeGreaterThanOrEqual(0);
    // Just inside and just outside tolerance × |output|, |output| > 1.5 in the network's own units
    // (the difference in target units is that times the target's scale, 77 or 0.5): a bound
    // without max(1, |output|), or judged in target units, would decide both alike.
    expect(await agrees(c, 'float32', 0.9, (k) => k === large)).toBe(true);
    expect(await agrees(c, 'float32', 1.1, (k) => k === large)).toBe(false);
    expect(await agrees(c, 'float64', 0.9, (k) => k === large)).toBe(true);
    expect(await agrees(c, 'float64', 1.1, (k) => k === large)).toBe(false);
  });
});
