import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { StepInspector, type StepInspection, type Tensor } from '../../../../src/shared/engine/inspect-step';
import { inspectionToJson, matrixRows } from '../../../../src/shared/engine/inspection-json';
import { ExperimentSchema } from '../../../../src/shared/schema/experiment';

// What `nn-workbench inspect` prints: every matrix as an array of its rows in the tutorials'
// orientation, so numpy reads it as the tutorial writes it, and nothing the inspection does not hold.

const dataset = resolveSyntheticDataset({ synthetic: 'blobs', classes: 3, samples: 30, seed: 1 });

async function inspectionOf(l2: number, gradcheck: boolean): Promise<StepInspection> {
  const experiment = ExperimentSchema.parse({
    dataset: { synthetic: 'blobs', classes: 3, samples: 30, seed: 1 },
    model: { layers: [{ units: 4, activation: 'tanh' }, { units: 3, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
    training: { optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 1, l2, backend: 'ts' },
  });
  return (await StepInspector.create(experiment, dataset)).inspect({ rows: [0, 5, 9] }, { gradcheck });
}

const rows = (t: Tensor) => Array.from({ length: t.rows }, (_, i) => Array.from({ length: t.cols }, (_, j) => t.values[i * t.cols + j]));

describe('inspection as JSON', () => {
  it('writes a matrix as its rows', () => {
    expect(matrixRows({ rows: 2, cols: 3, values: Float64Array.from([1, 2, 3, 4, 5, 6]) })).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it("holds every number of the step, each matrix in the inspection's orientation", async () => {
    const inspection = await inspectionOf(0.1, true);
    const json = inspectionToJson(inspection);
    expect(json).toMatchObject({ rows: [0, 5, 9], m: 3, source: 'initialization', epoch: 0, loss: inspection.loss, notes: [] });
    expect(json.Y).toEqual(rows(inspection.Y));
    json.forward.forEach((layer, l) => {
      const f = inspection.forward[l];
      expect(layer).toEqual({ layer: l + 1, activation: f.activation, bias: true, A_prev: rows(f.A_prev), W: rows(f.W), b: rows(f.b), Z: rows(f.Z), A: rows(f.A) });
    });
    // W[1] has 4 rows of 2 inputs; Z[1] one column per sample.
    expect([json.forward[0].W.length, json.forward[0].W[0].length, json.forward[0].Z[0].length]).toEqual([4, 2, 3]);
    json.backward.forEach((layer, l) => {
      const b = inspection.backward[l];
      const gPrime = b.gPrime ? { gPrime: rows(b.gPrime) } : {};
      expect(layer).toEqual({ layer: l + 1, fused: b.fused, dA: rows(b.dA), ...gPrime, dZ: rows(b.dZ), dW: rows(b.dW), db: rows(b.db), dA_prev: rows(b.dA_prev) });
    });
    // Softmax couples its units: no elementwise g′(Z) to show.
    expect('gPrime' in json.backward[1]).toBe(false);
    expect('gPrime' in json.backward[0]).toBe(true);
    const { layers, ...scalars } = json.update;
    expect(scalars).toEqual((({ layers: _, ...rest }) => rest)(inspection.update));
    layers.forEach((layer, l) => {
      const u = inspection.update.layers[l];
      expect(layer.layer).toBe(l + 1);
      for (const kind of ['W', 'b'] as const) {
        const t = u[kind];
        expect(layer[kind]).toEqual({
          gradient: rows(t.gradient),
          ...(t.l2Term ? { l2Term: rows(t.l2Term) } : {}),
          used: rows(t.used),
          state: { m: rows(t.state.m), v: rows(t.state.v) },
          delta: rows(t.delta),
          after: rows(t.after),
        });
      }
      // L2 decays weights, not biases.
      expect(['l2Term' in layer.W, 'l2Term' in layer.b]).toEqual([true, false]);
    });
    expect(json.gradcheck).toEqual(inspection.gradcheck);
  });

  it('leaves out what the inspection does not have: the L2 term without L2, the gradient check unless asked', async () => {
    const json = inspectionToJson(await inspectionOf(0, false));
    expect('l2Term' in json.update.layers[0].W).toBe(false);
    expect('gradcheck' in json).toBe(false);
  });
});
