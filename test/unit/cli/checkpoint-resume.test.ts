import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../../src/shared/nn/checkpoint-json';
import { runCli, startCli, waitFor } from './run-cli';

// `train --checkpoint` survives the process: killed outright (SIGKILL) or stopped (SIGTERM) mid-run,
// the last checkpoint loads, and `train --resume` ends with the very bytes of the weights file an
// uninterrupted run writes. Real child processes, each with a timeout.

const dir = mkdtempSync(join(tmpdir(), 'nn-checkpoint-'));
const path = (name: string) => join(dir, name);
/** A training run on a loaded machine; the runs here take a few seconds. */
const RUN = 120_000;
/**
 * The interrupted runs ask for more epochs than any machine trains in a test's time, so a signal
 * sent after the first checkpoint (written no sooner than a second into the run) always lands
 * mid-run, however fast the machine is. They are then continued to a few epochs past their
 * checkpoint and compared with one uninterrupted run of that many epochs.
 */
const ENDLESS = 100_000;

const EXPERIMENT = {
  dataset: { synthetic: 'spirals', samples: 1500, noise: 0.1, seed: 1 },
  model: {
    layers: [
      { units: 64, activation: 'tanh', dropout: 0.1 },
      { units: 64, activation: 'relu' },
      { units: 1, activation: 'sigmoid' },
    ],
    init: 'heNormal',
    loss: 'binaryCrossEntropy',
  },
  training: { optimizer: { name: 'adam', learningRate: 0.005 }, batchSize: 16, epochs: ENDLESS, seed: 3, validationSplit: 0.2 },
};
writeFileSync(path('spirals.experiment.json'), JSON.stringify(EXPERIMENT));

/** The network a weights file holds: its layers, input and output (not the experiment it names). */
function network(file: string): string {
  const { layers, input, output } = JSON.parse(readFileSync(file, 'utf8'));
  return JSON.stringify({ layers, input, output });
}

/** The network one uninterrupted run of `epochs` epochs ends with. */
function uninterrupted(epochs: number): string {
  const experiment = path(`straight-${epochs}.experiment.json`);
  writeFileSync(experiment, JSON.stringify({ ...EXPERIMENT, training: { ...EXPERIMENT.training, epochs } }));
  const run = runCli(['train', experiment, '--out', path(`straight-${epochs}.weights.json`)], dir, RUN);
  expect(run.stderr).toBe('');
  return network(path(`straight-${epochs}.weights.json`));
}

/** Starts a checkpointed run and signals it once its first checkpoint is on disk. */
async function interrupt(name: string, signal: 'SIGKILL' | 'SIGTERM') {
  const checkpoint = path(`${name}.ckpt.json`);
  const cli = startCli(['train', path('spirals.experiment.json'), '--checkpoint', checkpoint, '--checkpoint-every', '1', '--out', path(`${name}.partial.json`)], dir);
  expect(await waitFor(() => existsSync(checkpoint), RUN)).toBe(true);
  cli.child.kill(signal);
  const exit = await cli.exited;
  return { checkpoint, exit, output: cli.output() };
}

describe('train --checkpoint and --resume', () => {
  it(
    'killed with SIGKILL mid-run: the last checkpoint loads and --resume ends with the uninterrupted weights',
    async () => {
      const { checkpoint, exit } = await interrupt('killed', 'SIGKILL');
      expect(exit).toBe('SIGKILL');
      const { checkpoint: state } = parseCheckpoint(readFileSync(checkpoint, 'utf8'));
      expect(state.epoch).toBeGreaterThanOrEqual(1);
      const end = state.epoch + 3;
      const resumed = runCli(['train', '--resume', checkpoint, '--epochs', String(end), '--out', path('resumed.weights.json')], dir, RUN);
      expect(resumed.stderr).toBe('');
      expect(resumed.status).toBe(0);
      expect(resumed.stdout).toContain(`continuing from ${checkpoint} at epoch ${state.epoch}`);
      expect(resumed.stdout).toMatch(new RegExp(`^epoch ${state.epoch + 1}/${end} `, 'm'));
      expect(resumed.stdout).not.toMatch(new RegExp(`^epoch ${state.epoch}/${end} `, 'm'));
      expect(network(path('resumed.weights.json'))).toBe(uninterrupted(end));
    },
    3 * RUN,
  );

  it(
    'SIGTERM stops like Ctrl-C: weights and a checkpoint of the last completed epoch are written, exit 143',
    async () => {
      const { checkpoint, exit, output } = await interrupt('terminated', 'SIGTERM');
      expect(output.stderr).toBe('');
      expect(exit).toBe(143);
      const last = Math.max(...[...output.stdout.matchAll(/^epoch (\d+)\//gm)].map((m) => Number(m[1])));
      expect(output.stdout).toContain(`checkpoint of epoch ${last} written to ${checkpoint}\n`);
      expect(output.stdout).toContain(`weights written to ${path('terminated.partial.json')}\n`);
      expect(parseCheckpoint(readFileSync(checkpoint, 'utf8')).checkpoint.epoch).toBe(last);
      // Continued in two more steps, the second through the checkpoint the first kept writing.
      const middle = last + 3;
      const first = runCli(['train', '--resume', checkpoint, '--epochs', String(middle), '--checkpoint', checkpoint], dir, RUN);
      expect(first.stderr).toBe('');
      expect(parseCheckpoint(readFileSync(checkpoint, 'utf8')).checkpoint.epoch).toBe(middle);
      const end = middle + 2;
      const second = runCli(['train', '--resume', checkpoint, '--epochs', String(end), '--out', path('terminated.weights.json')], dir, RUN);
      expect(second.stderr).toBe('');
      expect(network(path('terminated.weights.json'))).toBe(uninterrupted(end));
    },
    4 * RUN,
  );

  it('a fork with another learning rate trains on from the checkpoint under it', () => {
    const checkpoint = path('fork.ckpt.json');
    const short = runCli(['train', path('spirals.experiment.json'), '--epochs', '3', '--checkpoint', checkpoint], dir, RUN);
    expect(short.stderr).toBe('');
    const lower = { ...EXPERIMENT, training: { ...EXPERIMENT.training, epochs: 5, optimizer: { name: 'adam', learningRate: 0.0005 } } };
    writeFileSync(path('lower.experiment.json'), JSON.stringify(lower));
    const fork = runCli(['train', path('lower.experiment.json'), '--resume', checkpoint, '--out', path('fork.weights.json')], dir, RUN);
    expect(fork.stderr).toBe('');
    expect(fork.stdout).toContain(`continuing from ${checkpoint} at epoch 3 (changed: learningRate 0.005 → 0.0005, epochs 3 → 5)\n`);
    expect(fork.stdout).toMatch(/^epoch 4\/5 /m);
    expect(fork.stdout).toMatch(/^done after 5 epochs/m);
    expect(JSON.parse(readFileSync(path('fork.weights.json'), 'utf8')).experiment.training.optimizer.learningRate).toBe(0.0005);
  }, RUN);

  it('refuses bad combinations and bad files at once, naming what to change', () => {
    const checkpoint = path('fork.ckpt.json');
    const cases: [string[], RegExp][] = [
      [['train', '--resume', checkpoint, '--epochs', '2'], /: .*fork\.ckpt\.json is at epoch 3: training to --epochs 2 leaves nothing to do; continue with --epochs M, M > 3\.\n$/],
      [['train', '--resume', checkpoint, '--init', path('fork.weights.json')], /^nn-workbench: train: give --init or --resume, not both/],
      [['train', path('spirals.experiment.json'), '--checkpoint-every', '5'], /^nn-workbench: train: --checkpoint-every needs --checkpoint <file> to write to\.\n/],
      [['train', path('spirals.experiment.json'), '--checkpoint', checkpoint, '--checkpoint-every', '0'], /^nn-workbench: train: --checkpoint-every expects a whole number ≥ 1, got '0'\.\n/],
      [['train', path('spirals.experiment.json'), '--checkpoint', '/nonexistent/c.json'], /^nn-workbench: Cannot write the checkpoint file '\/nonexistent\/c\.json': no such directory\.\n$/],
      [['train', '--resume', path('fork.weights.json')], /^nn-workbench: .*fork\.weights\.json: format: expected "nn-workbench\.checkpoint", found "nn-workbench\.weights"\.\n$/],
    ];
    for (const [args, message] of cases) {
      const run = runCli(args, dir, 15_000);
      expect(run.stderr).toMatch(message);
      expect(run.status).not.toBe(0);
    }
    // A checkpoint of another model: refused by the setting that differs, before any data is read.
    const wider = { ...EXPERIMENT, model: { ...EXPERIMENT.model, layers: [{ units: 32, activation: 'tanh' }, ...EXPERIMENT.model.layers.slice(1)] } };
    writeFileSync(path('wider.experiment.json'), JSON.stringify(wider));
    const other = runCli(['train', path('wider.experiment.json'), '--resume', checkpoint, '--epochs', '5'], dir, RUN);
    expect(other.stderr).toBe(
      `nn-workbench: ${path('wider.experiment.json')} cannot fork ${checkpoint}: model.layers[0].units: the checkpoint’s weights were trained with units 64 in layer 1; they only fit the network they were trained in.\n`,
    );
  }, RUN);
});
