import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNpz } from '../../../src/shared/export/npz';
import { readSafetensors } from '../../../src/shared/export/safetensors';
import { parseWeights, predict } from '../../../src/shared/nn/weights-json';
import { csvRows, FIXTURES, runCli } from './run-cli';

// `export` writes a file, reads it back through the format's own runtime or reader, prints how
// well it agrees with the workbench on the given rows, and refuses bad input without leaving
// anything behind.

const dir = mkdtempSync(join(tmpdir(), 'nn-cli-export-'));
/** Inputs the refusal cases write, outside `dir`, whose listing shows that nothing was left behind. */
const inputs = mkdtempSync(join(tmpdir(), 'nn-cli-export-inputs-'));
const weights = join(dir, 'iris.weights.json');
const irisCsv = join(FIXTURES, 'iris.csv');
const irisRows = () => csvRows(readFileSync(irisCsv, 'utf8')).slice(1);
const irisX = () => Float64Array.from(irisRows().flatMap((row) => row.slice(0, 4).map(Number)));

beforeAll(() => {
  const experiment = JSON.parse(readFileSync(join(FIXTURES, 'iris.experiment.json'), 'utf8'));
  experiment.dataset.csv = irisCsv;
  experiment.training.epochs = 30;
  writeFileSync(join(dir, 'iris.experiment.json'), JSON.stringify(experiment));
  const run = runCli(['train', join(dir, 'iris.experiment.json'), '--out', weights]);
  expect(run.status, run.stderr).toBe(0);
});

describe('nn-workbench export', () => {
  it('onnx: verified in onnxruntime-node on the CSV, and the written file predicts as the workbench', async () => {
    const out = join(dir, 'iris.onnx');
    const run = runCli(['export', weights, '--format', 'onnx', '--out', out, '--verify', irisCsv]);
    expect(run.status, run.stderr).toBe(0);
    const [reading, ...lines] = run.stderr.trim().split('\n');
    expect(reading).toBe('iris.csv: ","-separated, header on line 1, decimal point; 150 rows');
    expect(lines[0]).toMatch(/^wrote .*iris\.onnx: ONNX, float32, 4 → 8 tanh → 3 softmax, 1\.\d kB$/);
    const difference = /read back with onnxruntime-node 1\.\d+\.\d+ on iris\.csv \(150 rows\): max \|difference\| (\S+) /.exec(lines[1]);
    expect(Number(difference?.[1])).toBeLessThan(1e-5);
    const [, ours, theirs] = /^workbench accuracy ([\d.]+)%, export accuracy ([\d.]+)%$/.exec(lines[2])!;
    expect(theirs).toBe(ours);
    expect(Number(ours)).toBeGreaterThan(80);

    const file = parseWeights(readFileSync(weights, 'utf8'));
    const session = await ort.InferenceSession.create(readFileSync(out));
    const x = irisX();
    const result = await session.run({ features: new ort.Tensor('float32', Float32Array.from(x), [150, 4]) });
    const expected = predict(file, x, 150).outputs.flat();
    (result.output.data as Float32Array).forEach((v, k) => expect(Math.abs(v - expected[k])).toBeLessThan(1e-5));
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('safetensors: prints the PyTorch code that loads the file', () => {
    const out = join(dir, 'iris.safetensors');
    const run = runCli(['export', weights, '--format', 'safetensors', '--out', out, '--verify', irisCsv]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3), nn.Softmax(dim=1)).to(torch.float32)');
    expect(run.stdout).toContain('state = load_file("iris.safetensors")');
    expect(run.stderr).toMatch(/read back with the workbench's safetensors reader on iris\.csv \(150 rows\)/);
    expect(readSafetensors(readFileSync(out), 'iris.safetensors').layers.map((l) => l.b.length)).toEqual([8, 3]);
  });

  it('npz in float64 for a float64 run: the arrays are the trained numbers exactly', () => {
    const out = join(dir, 'iris.npz');
    const run = runCli(['export', weights, '--format', 'npz', '--dtype', 'float64', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('no --verify data.csv given: checked on probe rows');
    expect(run.stderr).toMatch(/on 64 probe rows spread over the training range: max \|difference\| 0\.00e\+0 /);
    expect(readNpz(readFileSync(out), 'iris.npz').layers).toEqual(parseWeights(readFileSync(weights, 'utf8')).layers);
  });

  it('json: the weights file itself, verified through its importer', () => {
    const out = join(dir, 'copy.weights.json');
    const run = runCli(['export', weights, '--format', 'json', '--out', out, '--verify', irisCsv]);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(weights, 'utf8'));
  });

  const refusals: [string, () => string[], number, RegExp][] = [
    ['an unknown format', () => [weights, '--format', 'pickle', '--out', join(dir, 'x')], 2, /export: --format must be one of onnx, npz, safetensors, json, not 'pickle'\./],
    ['no --out', () => [weights, '--format', 'onnx'], 2, /export: --out <file> is required\./],
    ['--dtype with json', () => [weights, '--format', 'json', '--dtype', 'float32', '--out', join(dir, 'x')], 2, /--dtype does not apply to json/],
    ['a hostile weights file', () => [writeText('evil.json', '{"__proto__": {"x": 1}, "format": "nn-workbench.weights"}'), '--format', 'onnx', '--out', join(dir, 'x.onnx')], 1, /evil\.json: __proto__: key "__proto__" is not allowed\./],
    ['a weights file that is not JSON', () => [writeText('bad.json', '\u0000\u0001PK'), '--format', 'npz', '--out', join(dir, 'x.npz')], 1, /bad\.json: \(file\): not valid JSON/],
    ['a CSV without a feature column', () => [weights, '--format', 'onnx', '--out', join(dir, 'x.onnx'), '--verify', writeText('short.csv', 'sepal_length,species\n5.1,setosa\n')], 1, /short\.csv: no column 'sepal_width' in the header/],
    ['a CSV with a class the network does not know', () => [weights, '--format', 'onnx', '--out', join(dir, 'x.onnx'), '--verify', writeText('odd.csv', `${readFileSync(irisCsv, 'utf8').trim()}\n5.0,3.0,1.5,0.2,daisy\n`)], 1, /odd\.csv row 152, column 'species': 'daisy' is not one of the classes the network knows \(setosa, versicolor, virginica\)/],
    ['float64 from a float32 run', () => [float32Weights(), '--format', 'onnx', '--dtype', 'float64', '--out', join(dir, 'x.onnx')], 1, /was trained in float32 \(experiment\.training\.dtype\); a float64 export would only widen the same float32 numbers/],
    ['an unwritable destination', () => [weights, '--format', 'onnx', '--out', join(dir, 'missing-folder', 'x.onnx')], 1, /Cannot write the export file '.*missing-folder\/x\.onnx': no such directory\./],
  ];
  for (const [what, args, status, message] of refusals) {
    it(`refuses ${what}, leaving no file`, () => {
      const before = readdirSync(dir).sort();
      const run = runCli(['export', ...args()]);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.status).toBe(status);
      expect(readdirSync(dir).sort()).toEqual(before);
    });
  }
});

function writeText(name: string, text: string): string {
  const path = join(inputs, name);
  writeFileSync(path, text);
  return path;
}

function float32Weights(): string {
  const file = JSON.parse(readFileSync(weights, 'utf8'));
  file.experiment.training.dtype = 'float32';
  return writeText('float32.weights.json', JSON.stringify(file));
}
