import { normalizationInverse } from '../schema/normalization';
import { resolveActivation, type ResolvedActivation } from '../nn/activations';
import type { WeightsFile } from '../schema/weights';

// A trained network as the exporters write it: plain arrays in the tutorials' orientation, the
// input normalization as one affine map per feature (and a regression's target scaling as one per
// target, undone on the way out), and the numbers already rounded to the
// export's precision. Every format is written from this one description, so the formats cannot
// disagree about what the network is.

export type ExportDType = 'float32' | 'float64';
export const EXPORT_DTYPES: readonly ExportDType[] = ['float32', 'float64'];

export interface PortableLayer {
  /** n_l */
  units: number;
  /** n_{l−1} */
  inputs: number;
  /** n_l × n_{l−1}, row-major: row i holds unit i's weights (PyTorch's Linear.weight layout). */
  W: Float32Array | Float64Array;
  /** All zeros when the layer has no bias. */
  b: Float32Array | Float64Array;
  /** false: a layer trained without bias (`"bias": false`); formats that can, leave b out. */
  bias: boolean;
  activation: ResolvedActivation;
}

export interface PortableModel {
  dtype: ExportDType;
  features: string[];
  normalization: WeightsFile['input']['normalization']['kind'];
  /** The network's input is (x − shift) / scale, feature by feature; scale is never 0. */
  shift: Float32Array | Float64Array;
  scale: Float32Array | Float64Array;
  layers: PortableLayer[];
  output: WeightsFile['output'];
  /**
   * Regression trained on scaled targets: the network's last activation maps to the targets'
   * units as a · outputScale + outputShift, per target. 'none' for classification and unscaled
   * targets (then the arrays hold 1 and 0).
   */
  targetScaling: WeightsFile['input']['normalization']['kind'];
  outputShift: Float32Array | Float64Array;
  outputScale: Float32Array | Float64Array;
}

export function allocateExport(dtype: ExportDType, length: number): Float32Array | Float64Array {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

function typed(dtype: ExportDType, values: ArrayLike<number>): Float32Array | Float64Array {
  return dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
}

/** The model of a validated weights file, rounded to `dtype`. */
export function portableModel(file: WeightsFile, dtype: ExportDType): PortableModel {
  const features = file.input.features.length;
  const { shift, scale } = normalizationInverse(file.input.normalization, features);
  let inputs = features;
  const layers = file.layers.map((layer): PortableLayer => {
    const units = layer.b.length;
    const W = allocateExport(dtype, units * inputs);
    layer.W.forEach((row, i) => W.set(row, i * inputs));
    const portable = { units, inputs, W, b: typed(dtype, layer.b), bias: layer.bias ?? true, activation: resolveActivation(layer.activation) };
    inputs = units;
    return portable;
  });
  const outputs = inputs;
  const scaling = file.output.task === 'regression' ? (file.output.scaling ?? { kind: 'none' as const }) : { kind: 'none' as const };
  const target = normalizationInverse(scaling, outputs);
  return {
    dtype,
    features: file.input.features,
    normalization: file.input.normalization.kind,
    shift: typed(dtype, shift),
    scale: typed(dtype, scale),
    layers,
    output: file.output,
    targetScaling: scaling.kind,
    outputShift: typed(dtype, target.shift),
    outputScale: typed(dtype, target.scale),
  };
}

/** "2 → 16 tanh → 1 sigmoid" */
export function describeModel(model: PortableModel): string {
  return [String(model.features.length), ...model.layers.map((layer) => `${layer.units} ${layer.activation.name}`)].join(' → ');
}
