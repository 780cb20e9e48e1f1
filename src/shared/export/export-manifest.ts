import { z } from 'zod';
import { activationSpecOf } from '../nn/activations';
import { validateWeights, WeightsFormatError } from '../nn/weights-json';
import { WEIGHTS_FORMAT, WEIGHTS_VERSION, WeightsFileSchema, WeightsLayerSchema, type WeightsFile } from '../schema/weights';
import { ExportReadError } from './export-read-error';
import type { PortableModel } from './portable-model';

// What an array file (npz, safetensors) says besides its arrays: the activations, the feature
// and class names, the normalization. It travels as JSON text inside the file (an npz string
// array, safetensors metadata), and reading a file back turns manifest + arrays into a weights
// file again, checked by the weights importer, so a file that reads back is a network the
// workbench itself can run.

export const MANIFEST_FORMAT = 'nn-workbench.export';
export const MANIFEST_VERSION = 1;

export const ExportManifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(MANIFEST_VERSION),
  dtype: z.enum(['float32', 'float64']),
  features: WeightsFileSchema.shape.input.shape.features,
  normalization: z.enum(['none', 'minmax', 'standardize']),
  layers: z
    .array(z.strictObject({ units: z.number().int().positive(), activation: WeightsLayerSchema.shape.activation, bias: WeightsLayerSchema.shape.bias }))
    .min(1)
    .max(64),
  /** The output's regression target scaling (undone by output · output_scale + output_shift, arrays beside the weights). Absent: none. */
  targetScaling: z.enum(['none', 'minmax', 'standardize']).optional(),
  /** Without its scaling statistics, which are the output_shift and output_scale arrays. */
  output: WeightsFileSchema.shape.output.refine((output) => !('scaling' in output), 'output.scaling: the target scaling is in the output_shift and output_scale arrays'),
});
export type ExportManifest = z.infer<typeof ExportManifestSchema>;

export function exportManifest(model: PortableModel): ExportManifest {
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    dtype: model.dtype,
    features: model.features,
    normalization: model.normalization,
    layers: model.layers.map((layer) => ({ units: layer.units, activation: activationSpecOf(layer.activation), ...(layer.bias ? {} : { bias: false as const }) })),
    ...(model.targetScaling !== 'none' ? { targetScaling: model.targetScaling } : {}),
    output: withoutScaling(model.output),
  };
}

function withoutScaling(output: PortableModel['output']): PortableModel['output'] {
  if (output.task === 'classification') return output;
  const { scaling: _inArrays, ...rest } = output;
  return rest;
}

/** The manifest in a file, parsed and checked; `where` names it in messages. */
export function parseManifest(text: string, where: string): ExportManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ExportReadError(`${where}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = ExportManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ExportReadError(`${where}: ${issue.path.join('.') || '(manifest)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** What an array file calls its arrays. */
export interface ArrayNames {
  weight: (l: number) => string;
  bias: (l: number) => string;
  shift: string;
  scale: string;
  outputShift: string;
  outputScale: string;
}

/** The arrays of a target scaling, present only when the manifest says the targets were scaled. */
export const OUTPUT_ARRAYS = { outputShift: 'output_shift', outputScale: 'output_scale' } as const;

export interface ReadTensor {
  shape: number[];
  data: Float32Array | Float64Array;
}

/**
 * The weights file of a manifest and its arrays, found by name (`weight(l)`, `bias(l)` for layer
 * l = 0, 1, …; a layer without bias may have no bias array, and then gets zeros). The
 * normalization comes back as its affine map, (x − shift) / scale, which is the same arithmetic
 * whichever kind it was.
 */
export function weightsFromArrays(
  manifest: ExportManifest,
  tensor: (name: string) => ReadTensor | undefined,
  names: ArrayNames,
): WeightsFile {
  const take = (name: string, shape: number[]): Float32Array | Float64Array => {
    const found = tensor(name);
    if (!found) throw new ExportReadError(`${name}: missing`);
    const expected = shape.join(' × ');
    if (found.shape.length !== shape.length || found.shape.some((n, i) => n !== shape[i])) {
      throw new ExportReadError(`${name}: shape ${found.shape.join(' × ') || '()'}; ${expected} expected`);
    }
    const dtype = found.data instanceof Float32Array ? 'float32' : 'float64';
    if (dtype !== manifest.dtype) throw new ExportReadError(`${name}: ${dtype} numbers in a ${manifest.dtype} export`);
    return found.data;
  };
  const features = manifest.features.length;
  let inputs = features;
  const layers = manifest.layers.map((layer, l) => {
    const W = take(names.weight(l), [layer.units, inputs]);
    const rows = Array.from({ length: layer.units }, (_, i) => Array.from(W.subarray(i * inputs, (i + 1) * inputs)));
    const noBias = layer.bias === false && !tensor(names.bias(l));
    const b = noBias ? new Array<number>(layer.units).fill(0) : Array.from(take(names.bias(l), [layer.units]));
    inputs = layer.units;
    return { W: rows, b, activation: layer.activation, ...(layer.bias === false ? { bias: false as const } : {}) };
  });
  const shift = Array.from(take(names.shift, [features]));
  const scale = Array.from(take(names.scale, [features]));
  const normalization: WeightsFile['input']['normalization'] =
    manifest.normalization === 'none' ? { kind: 'none' } : { kind: 'standardize', mean: shift, std: scale };
  let output = manifest.output;
  if (output.task === 'regression' && (manifest.targetScaling ?? 'none') !== 'none') {
    const targets = output.targets.length;
    // As for the inputs: the affine map comes back as the standardize form, the same arithmetic.
    const mean = Array.from(take(names.outputShift, [targets]));
    const std = Array.from(take(names.outputScale, [targets]));
    output = { ...output, scaling: { kind: 'standardize', mean, std } };
  }
  try {
    return validateWeights({
      format: WEIGHTS_FORMAT,
      version: WEIGHTS_VERSION,
      layers,
      input: { features: manifest.features, normalization },
      output,
    });
  } catch (error) {
    if (error instanceof WeightsFormatError) throw new ExportReadError(error.message);
    throw error;
  }
}
