import type { StepInspection, Tensor, TensorUpdate } from './inspect-step';

// A step inspection as plain JSON (what `nn-workbench inspect` prints): every matrix as an array
// of its rows, in the tutorials' orientation (W[l]: n_l rows of n_{l−1}; activations: one column
// per sample), so `np.array(json["forward"][0]["Z"])` is Z[1] as the tutorial writes it.

export type JsonMatrix = number[][];

export function matrixRows({ rows, cols, values }: Tensor): JsonMatrix {
  return Array.from({ length: rows }, (_, i) => Array.from(values.subarray(i * cols, (i + 1) * cols)));
}

const updateJson = (u: TensorUpdate) => ({
  gradient: matrixRows(u.gradient),
  ...(u.l2Term ? { l2Term: matrixRows(u.l2Term) } : {}),
  used: matrixRows(u.used),
  state: Object.fromEntries(Object.entries(u.state).map(([name, t]) => [name, matrixRows(t)])),
  delta: matrixRows(u.delta),
  after: matrixRows(u.after),
});

export function inspectionToJson(inspection: StepInspection) {
  const { forward, backward, update, gradcheck, Y, ...rest } = inspection;
  return {
    ...rest,
    forward: forward.map((f) => ({
      layer: f.layer,
      activation: f.activation,
      bias: f.bias,
      A_prev: matrixRows(f.A_prev),
      W: matrixRows(f.W),
      b: matrixRows(f.b),
      Z: matrixRows(f.Z),
      A: matrixRows(f.A),
    })),
    Y: matrixRows(Y),
    backward: backward.map((b) => ({
      layer: b.layer,
      fused: b.fused,
      dA: matrixRows(b.dA),
      ...(b.gPrime ? { gPrime: matrixRows(b.gPrime) } : {}),
      dZ: matrixRows(b.dZ),
      dW: matrixRows(b.dW),
      db: matrixRows(b.db),
      dA_prev: matrixRows(b.dA_prev),
    })),
    update: {
      ...update,
      layers: update.layers.map((u) => ({ layer: u.layer, W: updateJson(u.W), b: updateJson(u.b) })),
    },
    ...(gradcheck ? { gradcheck } : {}),
  };
}
