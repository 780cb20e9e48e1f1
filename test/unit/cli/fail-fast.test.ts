import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SweepInput } from '../../../src/shared/schema/sweep';
import { FIXTURES, processesWith, runCli, startCli, waitFor } from './run-cli';

// Bad output paths and faults every run of a sweep would meet end the command at once, with one
// paragraph and a non-zero exit; a worker process that dies fails only its run; no worker process is
// left behind. Every command runs as a real child process with a short
// timeout, so a hang fails the test instead of stalling the suite; leftover workers are found by the
// test's own temporary directory in their command line.

const dir = mkdtempSync(join(tmpdir(), 'nn-fail-fast-'));
const path = (name: string) => join(dir, name);
/** A command that must refuse at once: 15 s covers a loaded machine, not a training run. */
const PROMPT = 15_000;

const EXPERIMENT = {
  dataset: { synthetic: 'xor' },
  model: { layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
  training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 30, seed: 1 },
};
const SWEEP: SweepInput = { name: 'xor', experiment: EXPERIMENT as SweepInput['experiment'], parameters: { learningRate: [0.1, 0.01] } };
/** Runs that last far longer than any test, so a signal or a kill lands mid-run. */
const LONG: SweepInput = {
  name: 'long',
  experiment: {
    dataset: { synthetic: 'moons', samples: 2000 },
    model: { layers: [{ units: 64, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
    training: { optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 1_000_000, batchSize: 16, seed: 1 },
  },
  parameters: { learningRate: [0.1, 0.01, 0.001] },
};

writeFileSync(path('xor.sweep.json'), JSON.stringify(SWEEP));
writeFileSync(path('long.sweep.json'), JSON.stringify(LONG));
writeFileSync(path('xor.experiment.json'), JSON.stringify(EXPERIMENT));

afterEach(async () => {
  // Whatever a test started must be gone within a few seconds of the command ending.
  const gone = await waitFor(() => processesWith(dir).length === 0, 10_000);
  const left = processesWith(dir);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  expect(gone, `processes left running: ${left.join(', ')}`).toBe(true);
});

describe('output paths are checked before any work', () => {
  it('refuses a weights directory under /proc at once (it hung, with two spinning workers)', () => {
    const run = runCli(['sweep', path('xor.sweep.json'), '--parallel', '2', '--weights-dir', '/proc/nope'], dir, PROMPT);
    expect(run.stderr).toBe("nn-workbench: Cannot create the weights directory '/proc/nope': '/proc' does not take new directories.\n");
    expect(run.stdout).toBe('');
    expect(run.status).toBe(1);
  });

  it('refuses a results file in a missing directory at once (it printed a raw ENOENT, then hung)', () => {
    const run = runCli(['sweep', path('xor.sweep.json'), '--out', '/nonexistent/x.jsonl'], dir, PROMPT);
    expect(run.stderr).toBe("nn-workbench: Cannot write the results file '/nonexistent/x.jsonl': no such directory.\n");
    expect(run.stdout).toBe('');
    expect(run.status).toBe(1);
  });

  it('creates a missing weights directory with its parents', () => {
    const run = runCli(['sweep', path('xor.sweep.json'), '--out', path('made.jsonl'), '--weights-dir', path('made/a/b')], dir, 60_000);
    expect(run.status).toBe(0);
    expect(readdirSync(path('made/a/b')).filter((name) => name.endsWith('.weights.json'))).toHaveLength(2);
  });

  it('refuses train --out and --metrics before training (it failed after every epoch)', () => {
    const out = runCli(['train', path('xor.experiment.json'), '--out', '/nonexistent/w.json'], dir, PROMPT);
    expect(out.stderr).toBe("nn-workbench: Cannot write the weights file '/nonexistent/w.json': no such directory.\n");
    expect(out.stdout).toBe('');
    expect(out.status).toBe(1);
    const metrics = runCli(['train', path('xor.experiment.json'), '--metrics', '/proc/metrics.jsonl'], dir, PROMPT);
    expect(metrics.stderr).toBe("nn-workbench: Cannot write the metrics file '/proc/metrics.jsonl': '/proc' does not take new files.\n");
    expect(metrics.stdout).toBe('');
    const folder = runCli(['train', path('xor.experiment.json'), '--out', dir], dir, PROMPT);
    expect(folder.stderr).toBe(`nn-workbench: Cannot write the weights file '${dir}': it is a directory.\n`);
  });

  it('refuses predict and merge outputs in a missing directory', () => {
    const predict = runCli(['predict', path('nothing.json'), path('nothing.csv'), '--out', '/nonexistent/p.csv'], dir, PROMPT);
    expect(predict.stderr).toBe("nn-workbench: Cannot write the predictions file '/nonexistent/p.csv': no such directory.\n");
    const merge = runCli(['merge', path('nothing.jsonl'), '--out', '/nonexistent/m.jsonl'], dir, PROMPT);
    expect(merge.stderr).toBe("nn-workbench: Cannot write the merged results file '/nonexistent/m.jsonl': no such directory.\n");
    expect(existsSync('/nonexistent')).toBe(false);
  });
});

describe('a crashed worker fails its run alone; a fault every run would meet ends the sweep; no worker outlives it', () => {
  const start = async () => {
    const cli = startCli(['sweep', path('long.sweep.json'), '--parallel', '2', '--out', path('long.results.jsonl')], dir);
    expect(await waitFor(() => processesWith(`sweep-worker.mjs ${path('long.sweep.json')}`).length === 2, 30_000)).toBe(true);
    return cli;
  };

  it('kill -9 of the workers fails only the run being trained (written with the reason); the others stand, exit code 3', async () => {
    // One endless run and three short ones on two workers: the endless one starts first (longest
    // first); once the short ones are written, both workers are killed, the idle one included.
    const sweep = { ...LONG, name: 'mixed', parameters: { epochs: [1_000_000, 3, 4, 5] } };
    writeFileSync(path('mixed.sweep.json'), JSON.stringify(sweep));
    const out = path('mixed.results.jsonl');
    const cli = startCli(['sweep', path('mixed.sweep.json'), '--parallel', '2', '--out', out], dir);
    const workers = () => processesWith(`sweep-worker.mjs ${path('mixed.sweep.json')}`);
    const lines = () => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : []);
    expect(await waitFor(() => lines().length === 3, 60_000)).toBe(true);
    const killed = workers();
    expect(killed).toHaveLength(2);
    for (const pid of killed) process.kill(pid, 'SIGKILL');
    expect(await cli.exited).toBe(3);
    // The short runs end in any order; the killed one is written last.
    const results = lines();
    expect(results.map((line) => [line.experiment.training.epochs, line.status]).sort(([a], [b]) => a - b)).toEqual([
      [3, 'done'],
      [4, 'done'],
      [5, 'done'],
      [1_000_000, 'failed'],
    ]);
    expect(results[3].message).toBe('The sweep worker process ended (signal SIGKILL) during this run.');
    expect(cli.output().stdout).toMatch(/^4 runs in \d+s: 3 done, 1 failed$/m);
    expect(cli.output().stdout).toContain(`1 of 4 runs failed (see their message in ${out}); --retry failed with the same --out trains them again.`);
    expect(cli.output().stderr).toBe('');
  }, 90_000);

  it('after a worker is killed the sweep goes on with a fresh process; Ctrl-C then keeps the failed run', async () => {
    const cli = await start();
    const [victim] = processesWith(`sweep-worker.mjs ${path('long.sweep.json')}`);
    process.kill(victim, 'SIGKILL');
    // The killed run is written at once and its slot gets a new process for the third run.
    const out = path('long.results.jsonl');
    expect(await waitFor(() => existsSync(out) && readFileSync(out, 'utf8').includes('"failed"'), 30_000)).toBe(true);
    expect(await waitFor(() => processesWith(`sweep-worker.mjs ${path('long.sweep.json')}`).filter((pid) => pid !== victim).length === 2, 30_000)).toBe(true);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(130);
    const [line] = readFileSync(out, 'utf8').trim().split('\n').map((text) => JSON.parse(text));
    expect(line).toMatchObject({ status: 'failed', message: 'The sweep worker process ended (signal SIGKILL) during this run.' });
  }, 60_000);

  it('SIGTERM of the command stops its workers', async () => {
    const cli = await start();
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe('SIGTERM');
  }, 60_000);

  it('workers exit by themselves when the command is killed outright (SIGKILL)', async () => {
    const cli = await start();
    cli.child.kill('SIGKILL');
    expect(await cli.exited).toBe('SIGKILL');
  }, 60_000);

  it('a run whose dataset a worker cannot load ends the sweep with that message', () => {
    writeFileSync(path('iris.csv'), readFileSync(join(FIXTURES, 'iris.csv')));
    const sweep = {
      name: 'datasets',
      experiment: {
        dataset: { csv: 'iris.csv', target: 'species' },
        model: { layers: [{ units: 4, activation: 'tanh' }, { units: 3, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
        training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 5, seed: 1 },
      },
      parameters: { 'dataset.csv': ['iris.csv', 'gone.csv'] },
    };
    writeFileSync(path('datasets.sweep.json'), JSON.stringify(sweep));
    const run = runCli(['sweep', path('datasets.sweep.json'), '--parallel', '1', '--out', path('datasets.jsonl')], dir, 60_000);
    expect(run.stderr).toBe(`nn-workbench: ${path('datasets.sweep.json')}: run 'datasets · dataset.csv gone.csv, seed 1': Cannot read CSV file '${path('gone.csv')}': no such file.\n`);
    expect(run.status).toBe(1);
  });
});
