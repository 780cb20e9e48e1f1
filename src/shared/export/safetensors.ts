import type { WeightsFile } from '../schema/weights';
import { ExportReadError } from './export-read-error';
import { exportManifest, OUTPUT_ARRAYS, parseManifest, weightsFromArrays, type ArrayNames, type ReadTensor } from './export-manifest';
import type { PortableLayer, PortableModel } from './portable-model';

// safetensors export: an 8-byte little-endian header length, a JSON header naming each tensor's
// dtype, shape and byte range, then the tensors' bytes back to back. The tensor names are those
// of a PyTorch nn.Sequential of Linear layers and activation modules: "0.weight" [out, in],
// "0.bias", "2.weight", … (a linear activation has no module, so the next Linear follows at
// once; a layer without bias is Linear(…, bias=False) and has no ".bias"). Two more tensors, "shift" and "scale", hold the input normalization
// ("output_shift" and "output_scale" the target scaling of a regression, when it had one), and the metadata
// holds the manifest (activations, features, classes) as JSON. `pytorchSnippet` prints the
// Sequential that loads the file.

const DTYPES = { F32: 4, F64: 8 } as const;
/** Largest header read back: a manifest with tens of thousands of feature names fits easily. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;
const MANIFEST_KEY = 'nn-workbench';

/** The Sequential's module index of each Linear layer. */
function linearIndices(layers: readonly { activation: { name: string } }[]): number[] {
  let index = 0;
  return layers.map((layer) => {
    const at = index;
    index += layer.activation.name === 'linear' ? 1 : 2;
    return at;
  });
}

function tensorNames(layers: readonly { activation: { name: string } }[]) {
  const at = linearIndices(layers);
  return { weight: (l: number) => `${at[l]}.weight`, bias: (l: number) => `${at[l]}.bias`, shift: 'shift', scale: 'scale', ...OUTPUT_ARRAYS } satisfies ArrayNames;
}

export function exportSafetensors(model: PortableModel): Uint8Array {
  const names = tensorNames(model.layers);
  const tensors: [string, Float32Array | Float64Array, number[]][] = [];
  model.layers.forEach((layer, l) => {
    tensors.push([names.weight(l), layer.W, [layer.units, layer.inputs]]);
    if (layer.bias) tensors.push([names.bias(l), layer.b, [layer.units]]);
  });
  tensors.push(['shift', model.shift, [model.features.length]], ['scale', model.scale, [model.features.length]]);
  if (model.targetScaling !== 'none') {
    tensors.push([names.outputShift, model.outputShift, [model.outputShift.length]], [names.outputScale, model.outputScale, [model.outputScale.length]]);
  }
  const dtype = model.dtype === 'float32' ? 'F32' : 'F64';
  const size = DTYPES[dtype];
  const header: Record<string, unknown> = { __metadata__: { format: 'pt', [MANIFEST_KEY]: JSON.stringify(exportManifest(model)) } };
  let offset = 0;
  for (const [name, values, shape] of tensors) {
    header[name] = { dtype, shape, data_offsets: [offset, offset + values.length * size] };
    offset += values.length * size;
  }
  // Padded with spaces so the data starts 8-byte aligned, as the reference writer does.
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = new Uint8Array(Math.ceil(json.length / 8) * 8).fill(0x20);
  headerBytes.set(json);
  const bytes = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, headerBytes.length, true);
  bytes.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const [, values] of tensors) {
    values.forEach((v, i) => (size === 4 ? view.setFloat32(at + 4 * i, v, true) : view.setFloat64(at + 8 * i, v, true)));
    at += values.length * size;
  }
  return bytes;
}

function readTensorEntry(name: string, entry: unknown, dataBytes: number, fail: (what: string) => never) {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(`${name}: expected {dtype, shape, data_offsets}`);
  const { dtype, shape, data_offsets: offsets, ...rest } = entry as Record<string, unknown>;
  if (Object.keys(rest).length) fail(`${name}: unknown field '${Object.keys(rest)[0]}'`);
  if (dtype !== 'F32' && dtype !== 'F64') fail(`${name}: dtype ${JSON.stringify(dtype)}; F32 or F64 expected`);
  const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  if (!Array.isArray(shape) || shape.length > 2 || !shape.every(isCount)) fail(`${name}: shape must be a list of at most 2 sizes`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) fail(`${name}: data_offsets must be [begin, end]`);
  const [begin, end] = offsets as [number, number];
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  const size = DTYPES[dtype as keyof typeof DTYPES];
  if (end < begin || end > dataBytes) fail(`${name}: data_offsets [${begin}, ${end}] outside the ${dataBytes} bytes of data`);
  if (end - begin !== count * size) fail(`${name}: ${end - begin} bytes for shape [${shape}] of ${dtype}, which needs ${count * size}`);
  return { name, dtype: dtype as keyof typeof DTYPES, shape: shape as number[], begin, end };
}

/** The network in a safetensors export, checked tensor by tensor; errors name the file and the tensor. */
export function readSafetensors(bytes: Uint8Array, fileName: string): WeightsFile {
  const fail = (what: string): never => {
    throw new ExportReadError(`${fileName}: ${what}`);
  };
  if (bytes.length < 8) fail('shorter than the 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + 2 ** 32 * view.getUint32(4, true);
  if (headerLength > MAX_HEADER_BYTES) fail(`header of ${headerLength} bytes; at most ${MAX_HEADER_BYTES} are read`);
  if (8 + headerLength > bytes.length) fail(`header of ${headerLength} bytes in a file of ${bytes.length}`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    fail(`the header is not UTF-8 JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('the header is not a JSON object');
  const { __metadata__: metadata, ...entries } = header as Record<string, unknown>;
  const manifestText = (metadata as Record<string, unknown> | undefined)?.[MANIFEST_KEY];
  if (typeof manifestText !== 'string') fail(`no "${MANIFEST_KEY}" manifest in __metadata__; not an export of this workbench`);
  const manifest = parseManifest(manifestText as string, `${fileName}: __metadata__.${MANIFEST_KEY}`);
  const names = tensorNames(manifest.layers);
  const dataBytes = bytes.length - 8 - headerLength;
  const read = Object.entries(entries).map(([name, entry]) => readTensorEntry(name, entry, dataBytes, fail));
  const scaled = (manifest.targetScaling ?? 'none') !== 'none' ? [names.outputShift, names.outputScale] : [];
  const expected = new Set([names.shift, names.scale, ...scaled, ...manifest.layers.flatMap((layer, l) => [names.weight(l), ...(layer.bias === false ? [] : [names.bias(l)])])]);
  const extra = read.find(({ name }) => !expected.has(name));
  if (extra) fail(`unexpected tensor '${extra.name}' for a network of ${manifest.layers.length} layers`);
  // The format requires the tensors to tile the data exactly: no gaps, no overlaps, nothing after.
  let covered = 0;
  for (const tensor of [...read].sort((a, b) => a.begin - b.begin)) {
    if (tensor.begin !== covered) fail(`${tensor.name}: data starts at byte ${tensor.begin}, expected ${covered} (tensors must not overlap or leave gaps)`);
    covered = tensor.end;
  }
  if (covered !== dataBytes) fail(`${dataBytes - covered} bytes after the last tensor`);
  const data = bytes.subarray(8 + headerLength);
  const byName = new Map(
    read.map(({ name, dtype, shape, begin, end }) => {
      const at = new DataView(data.buffer, data.byteOffset + begin, end - begin);
      const count = (end - begin) / DTYPES[dtype];
      const values =
        dtype === 'F32'
          ? Float32Array.from({ length: count }, (_, i) => at.getFloat32(4 * i, true))
          : Float64Array.from({ length: count }, (_, i) => at.getFloat64(8 * i, true));
      return [name, { shape, data: values } satisfies ReadTensor];
    }),
  );
  try {
    return weightsFromArrays(manifest, (name) => byName.get(name), names);
  } catch (error) {
    if (error instanceof ExportReadError) fail(error.message);
    throw error;
  }
}

const MODULES: Record<string, (layer: PortableLayer) => string> = {
  sigmoid: () => 'nn.Sigmoid()',
  tanh: () => 'nn.Tanh()',
  relu: () => 'nn.ReLU()',
  leakyRelu: (layer) => `nn.LeakyReLU(${layer.activation.slope})`,
  softmax: () => 'nn.Softmax(dim=1)',
};

/** Python that builds the Sequential, loads the file into it and predicts for raw feature rows. */
export function pytorchSnippet(model: PortableModel, fileName: string): string {
  const modules = model.layers.flatMap((layer) => {
    const linear = `nn.Linear(${layer.inputs}, ${layer.units}${layer.bias ? '' : ', bias=False'})`;
    const activation = MODULES[layer.activation.name];
    return activation ? [linear, activation(layer)] : [linear];
  });
  const dtype = model.dtype === 'float32' ? 'torch.float32' : 'torch.float64';
  const outputs =
    model.output.task === 'regression'
      ? `# one column per target: ${model.output.targets.join(', ')}`
      : model.layers[model.layers.length - 1].units === 1
        ? `# P(${model.output.classes[1]}); below 0.5 means ${model.output.classes[0]}`
        : `# one column per class, arg-max is the prediction: ${model.output.classes.join(', ')}`;
  return [
    'import torch',
    'from torch import nn',
    'from safetensors.torch import load_file',
    '',
    `model = nn.Sequential(${modules.join(', ')}).to(${dtype})`,
    `state = load_file(${JSON.stringify(fileName)})`,
    'shift, scale = state.pop("shift"), state.pop("scale")',
    ...(model.targetScaling !== 'none' ? ['output_shift, output_scale = state.pop("output_shift"), state.pop("output_scale")  # the targets were scaled for training'] : []),
    'model.load_state_dict(state)',
    model.features.length <= 8
      ? `x = torch.tensor([[${model.features.map(() => '0.0').join(', ')}]], dtype=${dtype})  # ${model.features.join(', ')}`
      : `x = torch.zeros(1, ${model.features.length}, dtype=${dtype})  # one row per sample, features as in the manifest`,
    model.targetScaling !== 'none' ? `y = model((x - shift) / scale) * output_scale + output_shift  ${outputs}` : `y = model((x - shift) / scale)  ${outputs}`,
  ].join('\n');
}
