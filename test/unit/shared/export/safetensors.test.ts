import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { portableModel } from '../../../../src/shared/export/portable-model';
import { exportSafetensors, pytorchSnippet, readSafetensors } from '../../../../src/shared/export/safetensors';
import { predict } from '../../../../src/shared/nn/weights-json';
import { exportCases, pythonWith, unless } from './export-models';

// safetensors exports: an independent reader (the specification in a few lines of numpy) parses
// the same tensors, named as an nn.Sequential names them; the workbench's reader gives back the
// same network and refuses malformed or hostile files; where PyTorch is installed, the printed
// snippet loads the file and predicts as the workbench does.

const READER = resolve(import.meta.dirname, '../../../reference/safetensors_numpy.py');
const cases = exportCases();
const leaky = cases.find((c) => c.name === 'classifier, leakyRelu')!;
const linear = cases.find((c) => c.name === 'classifier, linear')!;

const numpy = pythonWith('numpy');
describe('an independent reader', () => {
  it.skipIf(!numpy)(unless(numpy, 'parses the header and data to the same arrays, named 0.weight, 0.bias, 2.weight, …', 'numpy'), () => {
    const dir = mkdtempSync(join(tmpdir(), 'safetensors-'));
    for (const [c, names] of [
      [leaky, ['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias']],
      // linear activations have no module: the Linear layers follow each other at 0, 1, 2
      [linear, ['0.weight', '0.bias', '1.weight', '1.bias', '2.weight', '2.bias']],
    ] as const) {
      const model = portableModel(c.file, 'float32');
      const path = join(dir, 'model.safetensors');
      writeFileSync(path, exportSafetensors(model));
      const run = spawnSync(numpy!, [READER, path], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const read = JSON.parse(run.stdout);
      expect(read.aligned).toBe(true);
      expect(Object.keys(read.tensors).sort()).toEqual([...names, 'scale', 'shift'].sort());
      model.layers.forEach((layer, l) => {
        expect(read.tensors[names[2 * l]]).toEqual({ dtype: 'F32', shape: [layer.units, layer.inputs], values: Array.from(layer.W) });
        expect(read.tensors[names[2 * l + 1]]).toEqual({ dtype: 'F32', shape: [layer.units], values: Array.from(layer.b) });
      });
      expect(read.tensors.shift.values).toEqual(Array.from(model.shift));
      expect(JSON.parse(read.metadata['nn-workbench']).features).toEqual(model.features);
      expect(read.metadata.format).toBe('pt');
    }
  });
});

const torch = pythonWith('torch, safetensors');
describe('PyTorch', () => {
  it.skipIf(!torch)(unless(torch, 'runs the printed snippet: the Sequential loads the file and predicts as the workbench', 'torch'), () => {
    const dir = mkdtempSync(join(tmpdir(), 'safetensors-torch-'));
    const c = leaky;
    const model = portableModel(c.file, 'float64');
    writeFileSync(join(dir, 'model.safetensors'), exportSafetensors(model));
    const rows = Array.from({ length: c.rows }, (_, i) => Array.from(c.x.subarray(i * 4, i * 4 + 4)));
    const script = `${pytorchSnippet(model, 'model.safetensors')}\nimport json\nx = torch.tensor(${JSON.stringify(rows)}, dtype=torch.float64)\nprint(json.dumps(model((x - shift) / scale).tolist()))`;
    const run = spawnSync(torch!, ['-c', script], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const outputs = (JSON.parse(run.stdout) as number[][]).flat();
    const expected = predict(c.file, c.x, c.rows).outputs.flat();
    outputs.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 12));
  });
});

describe('the workbench reader', () => {
  it('gives back the same network: float64 bit for bit, float32 within its rounding', () => {
    for (const c of cases) {
      const expected = predict(c.file, c.x, c.rows).outputs.flat();
      const exact = readSafetensors(exportSafetensors(portableModel(c.file, 'float64')), 'model.safetensors');
      expect(predict(exact, c.x, c.rows).outputs.flat()).toEqual(expected);
      const rounded = predict(readSafetensors(exportSafetensors(portableModel(c.file, 'float32')), 'm'), c.x, c.rows).outputs.flat();
      rounded.forEach((v, k) => expect(Math.abs(v - expected[k])).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected[k]))));
    }
  });

  const valid = () => exportSafetensors(portableModel(leaky.file, 'float32'));
  const headerLength = (bytes: Uint8Array) => new DataView(bytes.buffer).getUint32(0, true);
  /** The file with its header rewritten (data unchanged). */
  const withHeader = (change: (header: Record<string, any>) => void) => {
    const bytes = valid();
    const length = headerLength(bytes);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    change(header);
    const json = new TextEncoder().encode(JSON.stringify(header));
    const out = new Uint8Array(8 + json.length + bytes.length - 8 - length);
    new DataView(out.buffer).setUint32(0, json.length, true);
    out.set(json, 8);
    out.set(bytes.subarray(8 + length), 8 + json.length);
    return out;
  };
  const refused: [string, () => Uint8Array, RegExp][] = [
    ['an empty file', () => new Uint8Array(0), /^model\.safetensors: shorter than the 8-byte header length/],
    ['a header length past the end', () => { const b = valid(); new DataView(b.buffer).setUint32(0, 1e6, true); return b; }, /header of 1000000 bytes in a file of \d+/],
    ['a header length of 2^40', () => { const b = valid(); new DataView(b.buffer).setUint32(4, 256, true); return b; }, /header of 1099511\d+ bytes; at most 16777216 are read/],
    ['a header that is not JSON', () => { const b = valid(); b[8] = 0x5b; b[9] = 0x7b; return b; }, /the header is not UTF-8 JSON/],
    ['a header that is an array', () => { const b = new Uint8Array(10); b[0] = 2; b[8] = 0x5b; b[9] = 0x5d; return b; }, /the header is not a JSON object/],
    ['no manifest', () => withHeader((h) => delete h.__metadata__), /no "nn-workbench" manifest in __metadata__/],
    ['an unknown dtype', () => withHeader((h) => (h['0.bias'].dtype = 'BF16')), /0\.bias: dtype "BF16"; F32 or F64 expected/],
    ['overlapping tensors', () => withHeader((h) => (h['0.bias'].data_offsets = [0, 24])), /data starts at byte 0, expected \d+ \(tensors must not overlap or leave gaps\)/],
    ['offsets outside the data', () => withHeader((h) => (h.scale.data_offsets = [h.scale.data_offsets[0], 1e9])), /scale: data_offsets \[\d+, 1000000000\] outside/],
    ['a shape that does not fit its bytes', () => withHeader((h) => (h['2.weight'].shape = [6, 6])), /2\.weight: 120 bytes for shape \[6,6\] of F32, which needs 144/],
    ['a negative size', () => withHeader((h) => (h['0.bias'].shape = [-6])), /0\.bias: shape must be a list of at most 2 sizes/],
    ['an extra tensor', () => withHeader((h) => (h['9.weight'] = { ...h.scale })), /unexpected tensor '9\.weight'/],
    ['a field it does not know', () => withHeader((h) => (h['0.bias'].extra = 1)), /0\.bias: unknown field 'extra'/],
    ['bytes after the last tensor', () => { const b = valid(); const out = new Uint8Array(b.length + 4); out.set(b); return out; }, /4 bytes after the last tensor/],
    ['a wrongly shaped tensor', () => withHeader((h) => { h['2.weight'].shape = [6, 5]; }), /2\.weight: shape 6 × 5; 5 × 6 expected/],
  ];
  for (const [what, bytes, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(() => readSafetensors(bytes(), 'model.safetensors')).toThrow(message);
    });
  }
});

describe('layers without bias', () => {
  it('are Linear(…, bias=False) with no .bias tensor, and read back as "bias": false', () => {
    const c = cases.find((e) => e.name === 'classifier, layers without bias')!;
    const model = portableModel(c.file, 'float32');
    const bytes = exportSafetensors(model);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + new DataView(bytes.buffer).getUint32(0, true))));
    expect(Object.keys(header).sort()).toEqual(['0.weight', '2.weight', '__metadata__', 'scale', 'shift']);
    expect(pytorchSnippet(model, 'm.safetensors')).toContain('nn.Sequential(nn.Linear(4, 6, bias=False), nn.Tanh(), nn.Linear(6, 3, bias=False), nn.Softmax(dim=1))');
    expect(readSafetensors(bytes, 'm.safetensors').layers.map((l) => l.bias)).toEqual([false, false]);
  });
});

describe('the PyTorch snippet', () => {
  it('builds the Sequential with each activation module and loads the file', () => {
    const snippet = pytorchSnippet(portableModel(leaky.file, 'float32'), 'net.safetensors');
    expect(snippet).toContain('model = nn.Sequential(nn.Linear(4, 6), nn.LeakyReLU(0.2), nn.Linear(6, 5), nn.LeakyReLU(0.2), nn.Linear(5, 3), nn.Softmax(dim=1)).to(torch.float32)');
    expect(snippet).toContain('state = load_file("net.safetensors")');
    expect(snippet).toContain('y = model((x - shift) / scale)');
  });
});
