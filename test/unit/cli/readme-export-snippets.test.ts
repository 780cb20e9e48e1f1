import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvRows, FIXTURES, ROOT, runCli } from './run-cli';

// The README's export section: the ONNX command as shown, its JavaScript snippet run as printed
// (onnxruntime-node, the row 5.1, 3.5, 1.4, 0.2) giving the workbench's probabilities, and its
// PyTorch snippet being exactly what `export` prints for the Iris weights (test/unit/shared/export/
// safetensors.test.ts runs the printed snippet with PyTorch where it is installed).

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = (language: string) => [...README.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]);
const dir = mkdtempSync(join(tmpdir(), 'nn-readme-export-'));
const weights = join(dir, 'iris.weights.json');

describe("the README's export examples", () => {
  beforeAll(() => {
    const run = runCli(['train', join(FIXTURES, 'iris.experiment.json'), '--out', weights]);
    expect(run.status, run.stderr).toBe(0);
  });

  it('the ONNX command writes, checks and keeps iris.onnx, reporting both accuracies', () => {
    const command = blocks('sh').flatMap((code) => code.split('\n')).find((line) => line.includes('export iris.weights.json'))!;
    expect(command).toBe('npm run cli -- export iris.weights.json --format onnx --out iris.onnx --verify test/fixtures/iris.csv');
    const args = command.replace('npm run cli -- ', '').split(' ').map((arg) => (arg === 'test/fixtures/iris.csv' ? join(FIXTURES, 'iris.csv') : arg));
    const run = runCli(args, dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^wrote iris\.onnx: ONNX, float32, 4 → 8 tanh → 3 softmax/m);
    expect(existsSync(join(dir, 'iris.onnx'))).toBe(true);
    expect(run.stderr).toMatch(/max \|difference\| [\d.e-]+ vs the workbench's predictions \(allowed 1e-4 × max\(1, \|output\|\)\)/);
    expect(run.stderr).toMatch(/^workbench accuracy \d+\.\d\d%, export accuracy \d+\.\d\d%$/m);
  });

  it('the JavaScript snippet runs on that file and gives the probabilities predict gives', () => {
    const snippet = blocks('js').find((code) => code.includes('onnxruntime-node'))!;
    const runtime = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('onnxruntime-node')).href;
    const script = `${snippet.replace("'onnxruntime-node'", JSON.stringify(runtime))}\nconsole.log(JSON.stringify([...output.data]));\n`;
    writeFileSync(join(dir, 'snippet.mjs'), script);
    const run = spawnSync(process.execPath, ['snippet.mjs'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const probabilities = JSON.parse(run.stdout) as number[];

    writeFileSync(join(dir, 'row.csv'), 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n');
    expect(runCli(['predict', weights, join(dir, 'row.csv'), '--out', join(dir, 'row.predictions.csv')]).status).toBe(0);
    const [header, row] = csvRows(readFileSync(join(dir, 'row.predictions.csv'), 'utf8'));
    expect(header).toEqual(['prediction', 'p_setosa', 'p_versicolor', 'p_virginica']);
    expect(row[0]).toBe('setosa');
    probabilities.forEach((p, k) => expect(Math.abs(p - Number(row[k + 1]))).toBeLessThan(1e-4));
  });

  it('an export that differs beyond the bound is reported and not kept', () => {
    // A weight float32 cannot hold (1e39) in the softmax layer: the float32 file computes NaN there.
    const file = JSON.parse(readFileSync(weights, 'utf8'));
    file.layers[1].W[0][0] = 1e39;
    writeFileSync(join(dir, 'beyond-float32.weights.json'), JSON.stringify(file));
    const run = runCli(['export', 'beyond-float32.weights.json', '--format', 'onnx', '--out', 'beyond.onnx'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^nn-workbench: beyond\.onnx was not written: read back with onnxruntime-node [\d.]+ on 64 probe rows .*the export DISAGREES with the workbench beyond float32 rounding\.\n$/);
    expect(readdirSync(dir).filter((name) => name.startsWith('beyond.onnx'))).toEqual([]);
  });

  it('the PyTorch snippet is what export --format safetensors prints for those weights', () => {
    const run = runCli(['export', weights, '--format', 'safetensors', '--out', 'iris.safetensors'], dir);
    expect(run.status, run.stderr).toBe(0);
    const readme = blocks('python').find((code) => code.startsWith('import torch\n'))!;
    expect(run.stdout).toContain(readme);
  });
});
