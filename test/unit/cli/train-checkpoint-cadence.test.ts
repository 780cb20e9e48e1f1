import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// README: `train --checkpoint file` writes the run's checkpoint "every `--checkpoint-every N`
// epochs (default 10) but at most once a second, and at the end". The command runs in this
// process on a clock that moves only when an epoch is reported, by a fixed step, and every
// checkpoint file write is recorded with the epoch it holds.

const clock = { now: 0, perEpoch: 0 };
const written: number[] = [];

vi.mock('../../../src/cli/progress', () => ({
  createProgressReporter: () => ({ epoch: () => void (clock.now += clock.perEpoch), finish: () => {} }),
}));
vi.mock('../../../src/cli/output-paths', async (original) => {
  const actual = await original<typeof import('../../../src/cli/output-paths')>();
  return {
    ...actual,
    writeOutputFile(path: string, contents: string, what: string) {
      if (what === 'checkpoint file') written.push(JSON.parse(contents).epoch);
      actual.writeOutputFile(path, contents, what);
    },
  };
});
// One thread: the helpers would only add processes to a unit test.
vi.mock('../../../src/cli/kernel-threads', () => ({ useKernelThreads: () => {} }));

const dir = mkdtempSync(join(tmpdir(), 'nn-checkpoint-cadence-'));

async function checkpointEpochs(epochs: number, millisecondsPerEpoch: number, extra: string[] = []): Promise<number[]> {
  const experiment = join(dir, `moons-${epochs}.experiment.json`);
  writeFileSync(
    experiment,
    JSON.stringify({
      dataset: { synthetic: 'moons', samples: 40, noise: 0.1, seed: 1 },
      model: { layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
      training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs },
    }),
  );
  clock.now = 0;
  clock.perEpoch = millisecondsPerEpoch;
  written.length = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const { trainCommand } = await import('../../../src/cli/commands/train');
  const checkpoint = join(dir, 'run.ckpt.json');
  expect(await trainCommand([experiment, '--checkpoint', checkpoint, ...extra])).toBe(0);
  vi.restoreAllMocks();
  expect(JSON.parse(readFileSync(checkpoint, 'utf8')).epoch).toBe(epochs);
  return [...written];
}

describe('train --checkpoint cadence', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one every 10 epochs by default, and one at the end', async () => {
    expect(await checkpointEpochs(25, 10_000)).toEqual([10, 20, 25]);
  });

  it('writes one every --checkpoint-every N epochs', async () => {
    expect(await checkpointEpochs(12, 10_000, ['--checkpoint-every', '3'])).toEqual([3, 6, 9, 12]);
  });

  it('writes at most one a second whatever N is: epochs of 0.3 s with N = 1 are checkpointed every 4th', async () => {
    // 3 epochs are 0.9 s, 4 are 1.2 s.
    expect(await checkpointEpochs(10, 300, ['--checkpoint-every', '1'])).toEqual([4, 8, 10]);
  });
});
