import { unzipSync, zipSync } from 'fflate';
import type { WeightsFile } from '../schema/weights';
import { ExportReadError } from './export-read-error';
import { exportManifest, OUTPUT_ARRAYS, parseManifest, weightsFromArrays, type ArrayNames, type ReadTensor } from './export-manifest';
import { decodeNpy, encodeNpy, encodeNpyText } from './npy';
import type { PortableModel } from './portable-model';

// NumPy .npz export: a zip of .npy arrays (deflated, like np.savez_compressed), which `np.load`
// opens with numpy alone:
//   W1, b1, W2, b2, …   layer l's weights (n_l × n_{l−1}, the tutorials' orientation) and biases
//                       (zeros for a layer without bias, as in weights JSON, so W @ A + b holds)
//   shift, scale        the input normalization: the network takes (x − shift) / scale
//   output_shift, output_scale   (regression on scaled targets, as the manifest's targetScaling says)
//                       the output in the targets' units is A_L · output_scale + output_shift
//   manifest            a string array holding JSON: activations, features, classes or targets
// Reading back (to verify an export) refuses anything but exactly these arrays, and bounds the
// number and unpacked size of the entries before inflating them, so a zip bomb is not unpacked.

const MAX_ENTRIES = 2 * 64 + 5;
/** Largest unpacked export accepted: a weights JSON's limit in float64 numbers, as binary. */
const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;

const NAMES: ArrayNames = { weight: (l: number) => `W${l + 1}`, bias: (l: number) => `b${l + 1}`, shift: 'shift', scale: 'scale', ...OUTPUT_ARRAYS };

export function exportNpz(model: PortableModel): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  model.layers.forEach((layer, l) => {
    entries[`${NAMES.weight(l)}.npy`] = encodeNpy(layer.W, [layer.units, layer.inputs]);
    entries[`${NAMES.bias(l)}.npy`] = encodeNpy(layer.b, [layer.units]);
  });
  entries['shift.npy'] = encodeNpy(model.shift, [model.features.length]);
  entries['scale.npy'] = encodeNpy(model.scale, [model.features.length]);
  if (model.targetScaling !== 'none') {
    entries[`${NAMES.outputShift}.npy`] = encodeNpy(model.outputShift, [model.outputShift.length]);
    entries[`${NAMES.outputScale}.npy`] = encodeNpy(model.outputScale, [model.outputScale.length]);
  }
  entries['manifest.npy'] = encodeNpyText(JSON.stringify(exportManifest(model)));
  // A fixed date keeps the same model's file the same bytes.
  return zipSync(entries, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}

/** The network in an .npz export, checked array by array; errors name the file and the entry. */
export function readNpz(bytes: Uint8Array, fileName: string): WeightsFile {
  let entries: Record<string, Uint8Array>;
  try {
    let count = 0;
    let unpacked = 0;
    entries = unzipSync(bytes, {
      filter(file) {
        unpacked += file.originalSize;
        if (++count > MAX_ENTRIES) throw new ExportReadError(`more than ${MAX_ENTRIES} entries; not an export of this workbench`);
        if (unpacked > MAX_UNPACKED_BYTES) throw new ExportReadError(`unpacks to more than ${MAX_UNPACKED_BYTES / 1048576} MB`);
        return true;
      },
    });
  } catch (error) {
    const reason = error instanceof ExportReadError ? error.message : `not a readable zip archive (${(error as Error).message})`;
    throw new ExportReadError(`${fileName}: ${reason}`);
  }
  const arrays = new Map<string, ReturnType<typeof decodeNpy>>();
  for (const [entry, data] of Object.entries(entries)) {
    if (!entry.endsWith('.npy')) throw new ExportReadError(`${fileName}: entry '${entry}' is not a .npy array`);
    arrays.set(entry.slice(0, -4), decodeNpy(data, `${fileName}: ${entry}`));
  }
  const manifest = arrays.get('manifest');
  if (manifest?.dtype !== 'text') throw new ExportReadError(`${fileName}: manifest.npy: missing, or not a string array`);
  const parsed = parseManifest(manifest.data, `${fileName}: manifest.npy`);
  const scaled = (parsed.targetScaling ?? 'none') !== 'none' ? [NAMES.outputShift, NAMES.outputScale] : [];
  const expected = new Set(['manifest', NAMES.shift, NAMES.scale, ...scaled, ...parsed.layers.flatMap((_, l) => [NAMES.weight(l), NAMES.bias(l)])]);
  const extra = [...arrays.keys()].find((name) => !expected.has(name));
  if (extra !== undefined) throw new ExportReadError(`${fileName}: unexpected array '${extra}' for a network of ${parsed.layers.length} layers`);
  const tensor = (name: string): ReadTensor | undefined => {
    const array = arrays.get(name);
    return array && array.dtype !== 'text' ? array : undefined;
  };
  try {
    return weightsFromArrays(parsed, tensor, NAMES);
  } catch (error) {
    if (error instanceof ExportReadError) throw new ExportReadError(`${fileName}: ${error.message}`);
    throw error;
  }
}
