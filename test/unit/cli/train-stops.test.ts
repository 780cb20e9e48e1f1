import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../../src/shared/nn/checkpoint-json';
import { runCli, startCli, waitFor } from './run-cli';

// README: `--checkpoint` is written "at the end — also when Ctrl-C or SIGTERM stops the run (exit
// code 130 or 143; the weights reached are written too) or the loss diverges (the checkpoint is
// then the last good epoch's)". SIGTERM is checkpoint-resume.test.ts's; Ctrl-C and divergence here.

const dir = mkdtempSync(join(tmpdir(), 'nn-train-stops-'));
const path = (name: string) => join(dir, name);
const RUN = 120_000;

describe('train --checkpoint when the run stops early', () => {
  it(
    'Ctrl-C (SIGINT): exit 130, the weights reached and a checkpoint of the last completed epoch',
    async () => {
      writeFileSync(
        path('long.experiment.json'),
        JSON.stringify({
          dataset: { synthetic: 'spirals', samples: 1500, seed: 1 },
          model: { layers: [{ units: 32, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
          training: { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 16, epochs: 100_000, seed: 1 },
        }),
      );
      const checkpoint = path('long.ckpt.json');
      const cli = startCli(['train', path('long.experiment.json'), '--checkpoint', checkpoint, '--checkpoint-every', '1', '--out', path('long.weights.json')], dir);
      expect(await waitFor(() => existsSync(checkpoint), RUN)).toBe(true);
      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(130);
      const { stdout, stderr } = cli.output();
      expect(stderr).toBe('');
      const last = Math.max(...[...stdout.matchAll(/^epoch (\d+)\//gm)].map((m) => Number(m[1])));
      expect(stdout).toContain(`checkpoint of epoch ${last} written to ${checkpoint}\n`);
      expect(parseCheckpoint(readFileSync(checkpoint, 'utf8')).checkpoint.epoch).toBe(last);
      expect(stdout).toContain(`weights written to ${path('long.weights.json')}\n`);
      expect(JSON.parse(readFileSync(path('long.weights.json'), 'utf8')).format).toBe('nn-workbench.weights');
    },
    2 * RUN,
  );

  it('a diverging run: exit 1 with the reason, and the checkpoint is the last good epoch’s', () => {
    // The learning rate grows 4× an epoch (0.1 · 4^(epoch − 1)): epoch 6 at 102.4 blows the weights up.
    writeFileSync(
      path('diverging.experiment.json'),
      JSON.stringify({
        dataset: { synthetic: 'xor' },
        model: { layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'linear' }], loss: 'mse' },
        training: { optimizer: { name: 'sgd', learningRate: 0.1 }, schedule: { name: 'exponential', rate: 4 }, epochs: 50, seed: 1 },
      }),
    );
    const checkpoint = path('diverging.ckpt.json');
    const run = runCli(['train', path('diverging.experiment.json'), '--checkpoint', checkpoint, '--checkpoint-every', '1'], dir, RUN);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^nn-workbench: The run diverged at epoch 6, batch 1 of 1: the weights blew up: layer 2's ‖W‖ reached /);
    expect(run.stdout).toContain(`checkpoint of epoch 5 written to ${checkpoint}\n`);
    const { checkpoint: state } = parseCheckpoint(readFileSync(checkpoint, 'utf8'));
    expect(state.epoch).toBe(5);
    expect(state.parameters.every((tensor) => tensor.every(Number.isFinite))).toBe(true);
  });
});
