import { ExportReadError } from './export-read-error';

// NumPy's .npy format (version 1.0): a magic string, a Python-literal header giving dtype, order
// and shape, then the values. Written little-endian ('<f4', '<f8', and '<U' for text, which
// numpy stores as UTF-32), C order, header padded so the data starts on a 64-byte boundary as
// numpy's own writer does. The reader takes exactly what the writer writes and refuses the rest.

export type NpyArray =
  | { dtype: 'float32'; shape: number[]; data: Float32Array }
  | { dtype: 'float64'; shape: number[]; data: Float64Array }
  | { dtype: 'text'; shape: []; data: string };

const MAGIC = [0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0))];
const PREAMBLE = MAGIC.length + 4; // magic, version (2 bytes), header length (2 bytes)
const HEADER = /^\{'descr': '([<|]?)([fU])(\d+)', 'fortran_order': (True|False), 'shape': \(((?:\d+, ?)*\d*)\), \} *\n$/;

function shapeLiteral(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function withHeader(descr: string, shape: readonly number[], data: Uint8Array): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeLiteral(shape)}, }`;
  const padded = dict.padEnd(Math.ceil((PREAMBLE + dict.length + 1) / 64) * 64 - PREAMBLE - 1, ' ') + '\n';
  const bytes = new Uint8Array(PREAMBLE + padded.length + data.length);
  bytes.set(MAGIC);
  bytes.set([1, 0, padded.length & 0xff, padded.length >> 8], MAGIC.length);
  for (let i = 0; i < padded.length; i++) bytes[PREAMBLE + i] = padded.charCodeAt(i);
  bytes.set(data, PREAMBLE + padded.length);
  return bytes;
}

export function encodeNpy(values: Float32Array | Float64Array, shape: readonly number[]): Uint8Array {
  const size = values.BYTES_PER_ELEMENT;
  const data = new Uint8Array(values.length * size);
  const view = new DataView(data.buffer);
  values.forEach((v, i) => (size === 4 ? view.setFloat32(4 * i, v, true) : view.setFloat64(8 * i, v, true)));
  return withHeader(size === 4 ? '<f4' : '<f8', shape, data);
}

/** A 0-d string array (numpy's `np.array(text)`): `str(z[name])` gives the text back. */
export function encodeNpyText(text: string): Uint8Array {
  const codePoints = Array.from(text, (c) => c.codePointAt(0)!);
  const data = new Uint8Array(4 * Math.max(1, codePoints.length));
  const view = new DataView(data.buffer);
  codePoints.forEach((code, i) => view.setUint32(4 * i, code, true));
  return withHeader(`<U${Math.max(1, codePoints.length)}`, [], data);
}

export function decodeNpy(bytes: Uint8Array, name: string): NpyArray {
  const fail = (what: string): never => {
    throw new ExportReadError(`${name}: ${what}`);
  };
  if (bytes.length < PREAMBLE || MAGIC.some((b, i) => bytes[i] !== b)) fail('not a .npy array (no \\x93NUMPY magic)');
  if (bytes[6] !== 1 || bytes[7] !== 0) fail(`.npy version ${bytes[6]}.${bytes[7]}; version 1.0 expected`);
  const headerLength = bytes[8] | (bytes[9] << 8);
  if (PREAMBLE + headerLength > bytes.length) fail('the header is longer than the file');
  const header = String.fromCharCode(...bytes.subarray(PREAMBLE, PREAMBLE + headerLength));
  const match = HEADER.exec(header);
  if (!match) fail(`unreadable header ${JSON.stringify(header.trim().slice(0, 120))}`);
  const [, order, kind, widthText, fortran, shapeText] = match!;
  if (fortran === 'True') fail('Fortran-ordered arrays are not read; C order expected');
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const width = Number(widthText);
  const data = bytes.subarray(PREAMBLE + headerLength);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (kind === 'U') {
    if (shape.length !== 0) fail(`a text array of shape ${shapeLiteral(shape)}; a single string expected`);
    if (data.length !== 4 * width) fail(`${data.length} bytes of text; ${4 * width} expected`);
    let text = '';
    for (let i = 0; i < width; i++) {
      const code = view.getUint32(4 * i, true);
      if (code === 0) break; // numpy pads shorter strings with zeros
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) fail(`character ${i} is not a Unicode code point`);
      text += String.fromCodePoint(code);
    }
    return { dtype: 'text', shape: [], data: text };
  }
  if (order !== '<' || (width !== 4 && width !== 8)) fail(`dtype '${order}${kind}${width}'; little-endian float32 ('<f4') or float64 ('<f8') expected`);
  if (data.length !== count * width) fail(`${data.length} bytes of data; shape ${shapeLiteral(shape)} of ${width}-byte numbers needs ${count * width}`);
  if (width === 4) return { dtype: 'float32', shape, data: Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true)) };
  return { dtype: 'float64', shape, data: Float64Array.from({ length: count }, (_, i) => view.getFloat64(8 * i, true)) };
}
