import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, encodeNpyText } from '../../../../src/shared/export/npy';
import { exportNpz, readNpz } from '../../../../src/shared/export/npz';
import { portableModel } from '../../../../src/shared/export/portable-model';
import { predict } from '../../../../src/shared/nn/weights-json';
import { exportCases, FEATURES, maxRelativeDifference, pythonWith, unless } from './export-models';

// .npz exports: numpy reads them with nothing else and reproduces the predictions; the reader
// gives back the same network, and refuses malformed or hostile archives with a message that
// names the entry.

const NPZ_PREDICT = resolve(import.meta.dirname, '../../../reference/npz_predict.py');
const cases = exportCases();
const iris = cases.find((c) => c.name === 'classifier, leakyRelu')!;

function rowsOf(x: Float64Array): number[][] {
  return Array.from({ length: x.length / FEATURES.length }, (_, i) => Array.from(x.subarray(i * FEATURES.length, (i + 1) * FEATURES.length)));
}

const numpy = pythonWith('numpy');
describe('numpy', () => {
  it.skipIf(!numpy)(unless(numpy, 'np.load reads every export and reproduces the predictions (float32 to 1e-5, float64 to 1e-12)', 'numpy'), () => {
    const dir = mkdtempSync(join(tmpdir(), 'npz-'));
    const runs = cases.flatMap((c, i) =>
      (['float32', 'float64'] as const).map((dtype) => {
        const path = join(dir, `${i}-${dtype}.npz`);
        writeFileSync(path, exportNpz(portableModel(c.file, dtype)));
        return { c, dtype, path, tolerance: dtype === 'float32' ? 1e-5 : 1e-12 };
      }),
    );
    const input = JSON.stringify(runs.map(({ c }) => rowsOf(c.x)));
    const run = spawnSync(numpy!, [NPZ_PREDICT, ...runs.map((r) => r.path)], { input, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const outputs = JSON.parse(run.stdout) as number[][][];
    runs.forEach(({ c, dtype, tolerance }, k) => {
      expect(maxRelativeDifference(outputs[k].flat(), predict(c.file, c.x, c.rows).outputs.flat(), c.file), `${c.name} ${dtype}`).toBeLessThan(tolerance);
    });
  });
});

describe('reading an .npz export back', () => {
  it('gives the same network: float64 bit for bit, float32 within its rounding', () => {
    for (const c of cases) {
      const expected = predict(c.file, c.x, c.rows).outputs.flat();
      const exact = readNpz(exportNpz(portableModel(c.file, 'float64')), 'model.npz');
      expect(exact.layers.map((l) => l.W)).toEqual(c.file.layers.map((l) => l.W));
      expect(predict(exact, c.x, c.rows).outputs.flat()).toEqual(expected);
      const rounded = readNpz(exportNpz(portableModel(c.file, 'float32')), 'model.npz');
      expect(maxRelativeDifference(predict(rounded, c.x, c.rows).outputs.flat(), expected, c.file)).toBeLessThan(1e-5);
    }
  });

  it('holds W1, b1, …, shift, scale and a manifest, W in the tutorials\' orientation', () => {
    const entries = unzipSync(exportNpz(portableModel(iris.file, 'float32')));
    expect(Object.keys(entries).sort()).toEqual(['W1.npy', 'W2.npy', 'W3.npy', 'b1.npy', 'b2.npy', 'b3.npy', 'manifest.npy', 'scale.npy', 'shift.npy']);
    const W2 = decodeNpy(entries['W2.npy'], 'W2.npy');
    expect(W2.shape).toEqual([5, 6]);
    expect(W2.dtype).toBe('float32');
    // The constant feature (std 0) is divided by 1, as the workbench does.
    expect(Array.from(decodeNpy(entries['scale.npy'], 'scale.npy').data as Float32Array)).toEqual([4, 20, 1, 15]);
  });

  const valid = () => unzipSync(exportNpz(portableModel(iris.file, 'float32')));
  const refused: [string, () => Uint8Array, RegExp][] = [
    ['random bytes', () => Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256), /^model\.npz: not a readable zip archive/],
    ['an empty file', () => new Uint8Array(0), /^model\.npz: not a readable zip archive/],
    ['too many entries', () => zipSync(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`a${i}.npy`, new Uint8Array(1)]))), /more than 133 entries/],
    ['an entry that is not an array', () => zipSync({ ...valid(), 'notes.txt': strToU8('hi') }), /entry 'notes\.txt' is not a \.npy array/],
    ['an extra array', () => zipSync({ ...valid(), 'W9.npy': encodeNpy(new Float32Array(2), [2]) }), /unexpected array 'W9'/],
    ['a missing array', () => { const e = valid(); delete e['b2.npy']; return zipSync(e); }, /b2: missing/],
    ['a wrongly shaped array', () => zipSync({ ...valid(), 'W2.npy': encodeNpy(new Float32Array(30), [6, 5]) }), /W2: shape 6 × 5; 5 × 6 expected/],
    ['float64 arrays in a float32 export', () => zipSync({ ...valid(), 'b1.npy': encodeNpy(new Float64Array(6), [6]) }), /b1: float64 numbers in a float32 export/],
    ['a NaN weight', () => zipSync({ ...valid(), 'b1.npy': encodeNpy(Float32Array.of(0, 0, NaN, 0, 0, 0), [6]) }), /layers\[0\]\.b\[2\]: .*NaN/],
    ['truncated array data', () => { const e = valid(); e['W1.npy'] = e['W1.npy'].subarray(0, e['W1.npy'].length - 4); return zipSync(e); }, /W1\.npy: 92 bytes of data; shape \(6, 4\) of 4-byte numbers needs 96/],
    ['a big-endian array', () => { const e = valid(); e['W1.npy'][PREAMBLE_DESCR] = '>'.charCodeAt(0); return zipSync(e); }, /W1\.npy: unreadable header/],
    ['no manifest', () => { const e = valid(); delete e['manifest.npy']; return zipSync(e); }, /manifest\.npy: missing, or not a string array/],
    ['a manifest that is not JSON', () => zipSync({ ...valid(), 'manifest.npy': encodeNpyText('{"format": ') }), /manifest\.npy: not valid JSON/],
    ['a manifest with an unknown activation', () => zipSync({ ...valid(), 'manifest.npy': encodeNpyText(manifestWith((m) => (m.layers[0].activation.name = 'gelu'))) }), /manifest\.npy: layers\.0\.activation\.name/],
    ['a manifest with a __proto__ key', () => zipSync({ ...valid(), 'manifest.npy': encodeNpyText(manifestWith((m) => Object.defineProperty(m, '__proto__', { value: { polluted: 1 }, enumerable: true }))) }), /manifest\.npy: .*__proto__|Unrecognized key/],
    ['an entry that claims to unpack to 2 GB (a zip bomb)', () => claimSize(zipSync(valid()), 0x7fffffff), /unpacks to more than 512 MB/],
  ];
  for (const [what, bytes, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(() => readNpz(bytes(), 'model.npz')).toThrow(message);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }
});

/** Offset of the dtype's byte-order character in a version 1.0 .npy header: "{'descr': '<f4'…" */
const PREAMBLE_DESCR = 10 + "{'descr': '".length;

function manifestWith(change: (manifest: { layers: { activation: { name: string } }[] }) => void): string {
  const entries = unzipSync(exportNpz(portableModel(iris.file, 'float32')));
  const manifest = JSON.parse(decodeNpy(entries['manifest.npy'], 'manifest').data as string);
  change(manifest);
  return JSON.stringify(manifest);
}

/** The archive with every central-directory entry claiming `size` unpacked bytes. */
function claimSize(zip: Uint8Array, size: number): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i + 46 <= zip.length; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
  return zip;
}
