import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runCli } from './run-cli';

// The README's command-line blocks, run line by line as printed (`npm run cli --` is the CLI
// itself; the test's fixtures copied beside the outputs): each command succeeds and writes what it
// names, and the checkpoint block continues and forks as the text after it says.

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'nn-readme-commands-'));

/** The `npm run cli -- …` lines of the sh block that follows `heading`, as argument lists (a trailing # comment dropped). */
function commands(heading: string): string[][] {
  const from = README.indexOf(heading);
  expect(from, `README has ${heading}`).toBeGreaterThanOrEqual(0);
  const block = README.slice(from).match(/```sh\n([\s\S]*?)```/)![1];
  return block
    .split('\n')
    .filter((line) => line.startsWith('npm run cli -- '))
    .map((line) => line.replace(/\s+#.*$/, '').replace('npm run cli -- ', '').replace(/test\/fixtures\//g, '').split(/\s+/));
}

const run = (args: string[]) => {
  const result = runCli(args, dir, 120_000);
  expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
};

describe("the README's commands", () => {
  beforeAll(() => {
    for (const name of ['iris.experiment.json', 'iris.csv']) copyFileSync(join(FIXTURES, name), join(dir, name));
  });

  it('Command line: train, predict, gradcheck and inspect on Iris', () => {
    const lines = commands('## Command line');
    expect(lines.map((args) => args[0])).toEqual(['train', 'predict', 'gradcheck', 'inspect']);
    const [train, predict, gradcheck, inspect] = lines.map(run);
    expect(train.stdout).toMatch(/^done after 100 epochs /m);
    expect(JSON.parse(readFileSync(join(dir, 'iris.weights.json'), 'utf8')).format).toBe('nn-workbench.weights');
    expect(readFileSync(join(dir, 'iris.jsonl'), 'utf8').trim().split('\n')).toHaveLength(100);
    expect(predict.stderr).toMatch(/^accuracy on iris\.csv: \d+\.\d\d% \(\d+\/150\)$/m);
    expect(readFileSync(join(dir, 'predictions.csv'), 'utf8').trim().split('\n')).toHaveLength(151);
    expect(gradcheck.stdout).toMatch(/^PASS: every relative error is below 1e-7$/m);
    // --rows 0,60: two columns, one per row.
    const step = JSON.parse(inspect.stdout);
    expect(step.rows).toEqual([0, 60]);
    expect(step.forward[0].Z[0]).toHaveLength(2);
  });

  it('Checkpoints: a run, its continuation to 200 epochs and a fork at a lower rate', () => {
    const [first, resume, fork] = commands('### Checkpoints and exact continuation');
    // The fork's experiment as the comment describes it: the same with learningRate 0.001, epochs 300.
    const experiment = JSON.parse(readFileSync(join(dir, 'iris.experiment.json'), 'utf8'));
    experiment.training = { ...experiment.training, optimizer: { ...experiment.training.optimizer, learningRate: 0.001 }, epochs: 300 };
    writeFileSync(join(dir, 'iris-lower-rate.experiment.json'), JSON.stringify(experiment));
    expect(run(first).stdout).toContain('checkpoint of epoch 100 written to iris.ckpt.json');
    const continued = run(resume);
    expect(continued.stdout).toMatch(/^continuing from iris\.ckpt\.json at epoch 100\n/m);
    expect(continued.stdout).toMatch(/^epoch 101\/200 /m);
    expect(continued.stdout).toContain('checkpoint of epoch 200 written to iris.ckpt.json');
    const forked = run(fork);
    expect(forked.stdout).toContain('continuing from iris.ckpt.json at epoch 200 (changed: learningRate 0.01 → 0.001, epochs 200 → 300)\n');
    expect(forked.stdout).toMatch(/^epoch 300\/300 /m);
    expect(existsSync(join(dir, 'fork.weights.json'))).toBe(true);
  });
});
