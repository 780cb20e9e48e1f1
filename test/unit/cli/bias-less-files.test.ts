import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli';

// Files of the first tutorial's network (no bias in either layer), edited by hand so that a b holds
// a number the network never uses: every command that reads them refuses, naming the file, the
// field and what was expected, and writes nothing. The same files unedited are read as before.

const dir = mkdtempSync(join(tmpdir(), 'nn-bias-less-'));
const path = (name: string) => join(dir, name);
const experiment = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/tutorial/xor.experiment.json'), 'utf8'));
experiment.dataset.csv = join(ROOT, 'resources/datasets/xor-tutorial.csv');
// Momentum keeps a velocity per tensor, which the checkpoint holds too.
experiment.training = { ...experiment.training, optimizer: { name: 'momentum', learningRate: 0.5 }, epochs: 20 };
writeFileSync(path('xor.experiment.json'), JSON.stringify(experiment));
const trained = runCli(['train', path('xor.experiment.json'), '--out', path('xor.weights.json'), '--checkpoint', path('xor.ckpt.json')], dir);

/** Writes `name` as a copy of a JSON file with one edit. */
function edited(source: string, name: string, edit: (file: Record<string, never>) => void): string {
  const file = JSON.parse(readFileSync(path(source), 'utf8'));
  edit(file);
  writeFileSync(path(name), JSON.stringify(file));
  return path(name);
}

/** A float64 tensor of a checkpoint (base64 of its little-endian bytes). */
const float64s = (values: number[]) => Buffer.from(Float64Array.from(values).buffer).toString('base64');

describe('hand-edited files of a network without bias', () => {
  it('the trained files say so and are read back', () => {
    expect(trained.status).toBe(0);
    const weights = JSON.parse(readFileSync(path('xor.weights.json'), 'utf8'));
    expect(weights.layers.map((layer: { bias?: boolean; b: number[] }) => [layer.bias, layer.b])).toEqual([
      [false, [0, 0, 0, 0]],
      [false, [0]],
    ]);
    const predicted = runCli(['predict', path('xor.weights.json'), experiment.dataset.csv, '--out', path('xor.predictions.csv')], dir);
    expect(predicted.status).toBe(0);
    expect(readFileSync(path('xor.predictions.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
    const resumed = runCli(['train', '--resume', path('xor.ckpt.json'), '--epochs', '25', '--out', path('xor-25.weights.json')], dir);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
  });

  it('a weights file with a nonzero b is refused by predict, export and train --init, and nothing is written', () => {
    const file = edited('xor.weights.json', 'nonzero-b.weights.json', (w) => ((w.layers as { b: number[] }[])[1].b = [0.5]));
    const message = `nn-workbench: ${file}: layers[1].b[0]: the layer says "bias": false, so every b must be 0, found 0.5.\n`;
    const commands = [
      ['predict', file, experiment.dataset.csv, '--out', path('refused.csv')],
      ['export', file, '--format', 'onnx', '--out', path('refused.onnx')],
      ['train', path('xor.experiment.json'), '--init', file, '--out', path('refused.weights.json')],
    ];
    for (const args of commands) {
      const run = runCli(args, dir);
      expect([run.status, run.stderr]).toEqual([1, message]);
    }
    expect(['refused.csv', 'refused.onnx', 'refused.weights.json'].filter((name) => existsSync(path(name)))).toEqual([]);
  });

  it('a checkpoint with a nonzero b, or a nonzero velocity of one, is refused by train --resume, and nothing is written', () => {
    const cases: [string, (c: Record<string, never>) => void, string][] = [
      ['b.ckpt.json', (c) => ((c.parameters as string[])[3] = float64s([-0.25])), 'parameters[3]: layer 2 has no bias ("bias": false), so b[2] must be all zeros; found -0.25 at index 0'],
      [
        'velocity.ckpt.json',
        (c) => ((c.optimizer as { arrays: { velocity: string[] } }).arrays.velocity[1] = float64s([0, 0, 1e-3, 0])),
        'optimizer.arrays.velocity[1]: layer 1 has no bias ("bias": false), so momentum\'s velocity of b[1] must be all zeros; found 0.001 at index 2',
      ],
    ];
    for (const [name, edit, field] of cases) {
      const file = edited('xor.ckpt.json', name, edit);
      const run = runCli(['train', '--resume', file, '--epochs', '25', '--out', path('refused-resume.weights.json')], dir);
      expect([run.status, run.stderr]).toEqual([1, `nn-workbench: ${file}: ${field}.\n`]);
    }
    expect(existsSync(path('refused-resume.weights.json'))).toBe(false);
  });
});
