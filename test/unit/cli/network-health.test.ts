import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

// `train` ends with what the app's run page says under Network health, from the first and the last
// epoch's diagnostics (a healthy run says nothing: train-predict.test.ts).

const dir = mkdtempSync(join(tmpdir(), 'nn-cli-health-'));
const healthLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('network health: '));

describe('train names what went wrong in the network', () => {
  it('zeros initialization: the symmetry problem and gradients that are exactly 0', () => {
    const experiment = join(dir, 'xor-zeros.json');
    writeFileSync(experiment, JSON.stringify({
      dataset: { synthetic: 'xor' },
      model: { layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], init: 'zeros', loss: 'sse' },
      training: { optimizer: { name: 'sgd', learningRate: 1 }, epochs: 20, seed: 1 },
    }));
    const run = runCli(['train', experiment]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = healthLines(run.stdout);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^network health: The symmetry problem: all 4 units of layer 1 are identical/);
    expect(lines[1]).toMatch(/^network health: Zero gradients: ‖dW‖ is exactly 0 in every layer/);
    // After the run's summary line, not among the epochs.
    expect(run.stdout.indexOf('network health')).toBeGreaterThan(run.stdout.indexOf('done after 20 epochs'));
  });

  it('inputs in the thousands left unnormalized: exploding activations and gradients, with "normalize the inputs"', () => {
    // Prices in the thousands, as in a stock file read without "normalize".
    const rows = Array.from({ length: 200 }, (_, i) => {
      const a = 1000 + ((i * 37) % 3000);
      const b = 2000 + ((i * 53) % 2500);
      return `${a},${b},${(a + b) / 1000}`;
    });
    writeFileSync(join(dir, 'prices.csv'), ['a,b,y', ...rows].join('\n'));
    const experiment = join(dir, 'prices.json');
    writeFileSync(experiment, JSON.stringify({
      dataset: { csv: 'prices.csv', target: 'y' },
      model: { layers: [{ units: 16, activation: 'relu' }, { units: 1, activation: 'linear' }], loss: 'mse' },
      training: { optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 5, seed: 1 },
    }));
    const run = runCli(['train', experiment]);
    expect(run.status).toBe(0);
    const exploding = healthLines(run.stdout).find((line) => line.startsWith('network health: Exploding: '));
    expect(exploding).toMatch(/activations are far too large in layer 1 \(activation RMS up to \d+ in layer 1/);
    expect(exploding).toContain('normalize the inputs');

    writeFileSync(experiment, JSON.stringify({
      dataset: { csv: 'prices.csv', target: 'y', normalize: 'standardize' },
      model: { layers: [{ units: 16, activation: 'relu' }, { units: 1, activation: 'linear' }], loss: 'mse' },
      training: { optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 5, seed: 1 },
    }));
    expect(healthLines(runCli(['train', experiment]).stdout)).toEqual([]);
  });
});
