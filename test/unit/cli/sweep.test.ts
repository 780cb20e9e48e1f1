import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../src/shared/data/synthetic';
import { runSession } from '../../../src/shared/engine/session';
import { parseWeights } from '../../../src/shared/nn/weights-json';
import { planSweep } from '../../../src/shared/engine/sweep-plan';
import { EpochEventSchema } from '../../../src/shared/schema/progress';
import { SweepSchema, type SweepInput } from '../../../src/shared/schema/sweep';
import { SweepResultLineSchema, type SweepResultLine } from '../../../src/shared/schema/sweep-result';
import { ROOT, runCli } from './run-cli';

// The sweep and merge commands end to end on XOR: worker processes, result lines that match a plain
// in-process run bit for bit, shards that merge into the whole sweep, resuming, successive halving.

const dir = mkdtempSync(join(tmpdir(), 'nn-sweep-'));
const path = (name: string) => join(dir, name);
const readLines = (file: string): SweepResultLine[] =>
  readFileSync(file, 'utf8').trim().split('\n').map((line) => SweepResultLineSchema.parse(JSON.parse(line)));

const SWEEP: SweepInput = {
  name: 'xor',
  experiment: {
    dataset: { synthetic: 'xor' },
    model: { layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
    training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 30, seed: 1 },
  },
  parameters: { learningRate: [0.1, 0.01], width: [2, 4, 8] },
  repeats: 2,
};

beforeAll(() => {
  writeFileSync(path('xor.sweep.json'), JSON.stringify(SWEEP));
  writeFileSync(path('halving.sweep.json'), JSON.stringify({ ...SWEEP, halving: { at: [10] } }));
});

describe('sweep', () => {
  let full: SweepResultLine[];

  beforeAll(() => {
    const run = runCli(['sweep', 'xor.sweep.json', '--parallel', '2', '--weights-dir', 'weights'], dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('xor: 12 runs (6 combinations × 2 seeds); training 12 on 2 worker processes → xor.results.jsonl');
    expect(run.stdout).toMatch(/^12 runs in \d+s: 12 done$/m);
    expect(run.stdout).toMatch(/^best trainLoss [\d.e-]+: xor · learningRate 0\.1, width \d, seed \d \(weights\/\d{5}-[0-9a-f]{14}\.weights\.json\)$/m);
    full = readLines(path('xor.results.jsonl'));
  });

  it('writes one line per run with config, metrics, seconds and a weights file', () => {
    expect(full).toHaveLength(12);
    expect(new Set(full.map((line) => line.index))).toEqual(new Set([...Array(12).keys()]));
    for (const line of full) {
      expect(line).toMatchObject({ status: 'done', epochs: 30, runs: 12 });
      expect(line.final?.trainLoss).toBeGreaterThan(0);
      expect(line.best?.epoch).toBeGreaterThanOrEqual(1);
      expect(line.seconds).toEqual(expect.any(Number));
      const weights = parseWeights(readFileSync(join(dir, line.weights!), 'utf8'));
      expect(weights.layers.map((layer) => layer.W.length)).toEqual([line.config.width, 1]);
      // Beside the weights, every epoch's event: the curves the app shows once the folder is attached.
      expect(line.history).toBe(line.weights!.replace(/\.weights\.json$/, '.history.jsonl'));
      const history = readFileSync(join(dir, line.history!), 'utf8').trim().split('\n').map((text) => EpochEventSchema.parse(JSON.parse(text)));
      expect(history.map((event) => event.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(history.at(-1)!.train.loss).toBe(line.final!.trainLoss);
      expect(history[0].layers).toHaveLength(2);
    }
  });

  it('trains exactly what a single in-process run of the same experiment trains', async () => {
    const line = full.find((l) => l.index === 9)!;
    expect(line.config).toEqual({ learningRate: 0.01, width: 4 });
    expect(line.experiment.training.seed).toBe(2);
    const result = await runSession(line.experiment, resolveSyntheticDataset({ synthetic: 'xor', seed: 0 }));
    expect(line.final).toEqual(result.weights?.metrics);
  });

  it('splits into shards that merge into the same results, and reports merge gaps and strangers', () => {
    for (const k of [1, 2, 3]) {
      const run = runCli(['sweep', 'xor.sweep.json', '--parallel', '1', '--shard', `${k}/3`], dir);
      expect(run.stdout).toContain(`shard ${k}/3: 4 runs; training 4 on 1 worker process → xor.results-${k}of3.jsonl`);
    }
    const merge = runCli(['merge', 'xor.results-1of3.jsonl', 'xor.results-2of3.jsonl', 'xor.results-3of3.jsonl', '--out', 'merged.jsonl'], dir);
    expect(merge.status).toBe(0);
    expect(merge.stdout).toBe('merged 3 files: 12 of 12 runs → merged.jsonl\n');
    const merged = readLines(path('merged.jsonl'));
    expect(merged.map((line) => line.index)).toEqual([...Array(12).keys()]);
    const byKey = new Map(full.map((line) => [line.key, line.final]));
    for (const line of merged) expect(line.final).toEqual(byKey.get(line.key));

    const partial = runCli(['merge', 'xor.results-1of3.jsonl', 'xor.results-1of3.jsonl'], dir);
    expect(partial.stderr).toBe('merged 2 files: 4 of 12 runs, 4 duplicates dropped; missing runs 1, 2, 4, 5, 7, 8, 10, 11\n');
    expect(partial.stdout.trim().split('\n')).toHaveLength(4);

    writeFileSync(path('other.sweep.json'), JSON.stringify({ ...SWEEP, repeats: 1 }));
    runCli(['sweep', 'other.sweep.json', '--shard', '1/6'], dir);
    const mixed = runCli(['merge', 'xor.results-1of3.jsonl', 'other.results-1of6.jsonl'], dir);
    expect(mixed.status).toBe(1);
    expect(mixed.stderr).toMatch(/^nn-workbench: other\.results-1of6\.jsonl: its results belong to sweep [0-9a-f]+ \(6 runs\), but xor\.results-1of3\.jsonl to sweep [0-9a-f]+ \(12 runs\); merge only shards of the same sweep definition/);
  });

  it('resumes: runs already in --out are not trained again', () => {
    const first = readFileSync(path('xor.results.jsonl'), 'utf8').split('\n').slice(0, 5).join('\n') + '\n';
    writeFileSync(path('resume.jsonl'), first);
    const run = runCli(['sweep', 'xor.sweep.json', '--parallel', '2', '--out', 'resume.jsonl'], dir);
    expect(run.stdout).toContain('xor: 12 runs (6 combinations × 2 seeds), 5 already in resume.jsonl; training 7 on 2 worker processes → resume.jsonl');
    expect(readLines(path('resume.jsonl')).map((line) => line.key).sort()).toEqual(full.map((line) => line.key).sort());
    expect(runCli(['sweep', 'xor.sweep.json', '--out', 'resume.jsonl'], dir).stdout).toContain('nothing left to train.');
  });

  it('resumes keeping failed runs unless asked with --retry failed, which trains only those again', () => {
    const lines = readFileSync(path('xor.results.jsonl'), 'utf8').trim().split('\n');
    const crashed = { ...JSON.parse(lines[3]), status: 'failed', message: 'The sweep worker process ended (signal SIGKILL) during this run.', epochs: 7 };
    delete crashed.final;
    writeFileSync(path('retry.jsonl'), [...lines.slice(0, 3), JSON.stringify(crashed), ...lines.slice(4)].join('\n') + '\n');
    const kept = runCli(['sweep', 'xor.sweep.json', '--out', 'retry.jsonl'], dir);
    expect(kept.stdout).toContain('nothing left to train (1 failed; --retry failed trains them again).');
    expect(kept.status).toBe(3);
    const retried = runCli(['sweep', 'xor.sweep.json', '--out', 'retry.jsonl', '--retry', 'failed'], dir);
    expect(retried.stdout).toContain('xor: 12 runs (6 combinations × 2 seeds), 11 already in retry.jsonl, 1 failed there train again; training 1 on 1 worker process → retry.jsonl');
    expect(retried.status).toBe(0);
    // The new line follows the failed one, and every reader (resume, merge, the app's import) takes it.
    const merged = runCli(['merge', 'retry.jsonl', '--out', 'retry-merged.jsonl'], dir);
    expect(merged.status).toBe(0);
    const finals = (results: SweepResultLine[]) => results.map((line) => [line.index, line.status, line.final]).sort(([a], [b]) => Number(a) - Number(b));
    expect(finals(readLines(path('retry-merged.jsonl')))).toEqual(finals(full));
    expect(runCli(['sweep', 'xor.sweep.json', '--out', 'retry.jsonl'], dir).stdout).toContain('nothing left to train.');
    expect(runCli(['sweep', 'xor.sweep.json', '--retry', 'all'], dir).stderr).toContain("--retry: expected 'failed' (train the runs that failed again), got 'all'.");
  });

  it('resumes a file whose last line a crash cut off: warns, trains that run again and rewrites the line', () => {
    const lines = readFileSync(path('xor.results.jsonl'), 'utf8').split('\n');
    writeFileSync(path('cut.jsonl'), `${lines.slice(0, 5).join('\n')}\n${lines[5].slice(0, 80)}`);
    const merge = runCli(['merge', 'cut.jsonl', '--out', 'cut-merged.jsonl'], dir);
    expect(merge.stderr).toBe('nn-workbench: warning: cut.jsonl line 6 was cut off mid-write (the process writing it stopped) and is left out.\n');
    expect(merge.stdout).toMatch(/^merged 1 file: 5 of 12 runs; missing runs /);
    const run = runCli(['sweep', 'xor.sweep.json', '--parallel', '2', '--out', 'cut.jsonl'], dir);
    expect(run.stderr).toBe('nn-workbench: warning: cut.jsonl line 6 was cut off mid-write (the process writing it stopped) and is left out; its run trains again.\n');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('5 already in cut.jsonl; training 7 on 2 worker processes');
    expect(readLines(path('cut.jsonl')).map((line) => line.key).sort()).toEqual(full.map((line) => line.key).sort());
    // A whole last line that only lacked its newline is kept, and the next result starts on a line of its own.
    writeFileSync(path('whole.jsonl'), lines.slice(0, 5).join('\n'));
    const whole = runCli(['sweep', 'xor.sweep.json', '--parallel', '2', '--out', 'whole.jsonl'], dir);
    expect(whole.stderr).toBe('');
    expect(whole.stdout).toContain('5 already in whole.jsonl; training 7 on 2 worker processes');
    expect(readLines(path('whole.jsonl'))).toHaveLength(12);
  });

  it('keeps every run that ended when Ctrl-C stops it, and trains only the rest when started again', async () => {
    // Long enough runs that the interrupt lands mid-sweep; the first results are on disk before it.
    writeFileSync(path('long.sweep.json'), JSON.stringify({ ...SWEEP, name: 'long', experiment: { ...SWEEP.experiment, training: { ...SWEEP.experiment.training, epochs: 3000 } } }));
    const child = spawn(process.execPath, [join(ROOT, 'bin/nn-workbench.js'), 'sweep', 'long.sweep.json', '--parallel', '2'], { cwd: dir });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const out = path('long.results.jsonl');
    const deadline = Date.now() + 50_000;
    while (!(existsSync(out) && readFileSync(out, 'utf8').includes('\n')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const kept = readLines(out);
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThan(12);
    expect(stdout).toContain(`cancelled after`);
    expect(stdout).toContain(`${kept.length} results written to long.results.jsonl`);
    for (const line of kept) expect(line.status).toBe('done');

    const again = runCli(['sweep', 'long.sweep.json', '--parallel', '2'], dir);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`${kept.length} already in long.results.jsonl; training ${12 - kept.length} on 2 worker processes`);
    expect(new Set(readLines(out).map((line) => line.index))).toEqual(new Set([...Array(12).keys()]));
  }, 90_000);

  it('halves: every combination trains 10 epochs, the better half by mean train loss goes on to 30', async () => {
    const run = runCli(['sweep', 'halving.sweep.json', '--parallel', '2'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^12 runs in \d+s: 6 pruned, 6 done$/m);
    const lines = readLines(path('halving.results.jsonl'));
    const pruned = lines.filter((line) => line.prunedAt === 10);
    const survivors = lines.filter((line) => line.prunedAt === undefined);
    expect(pruned.map((line) => [line.epochs, line.experiment.training.epochs])).toEqual(Array(6).fill([10, 10]));
    expect(survivors.map((line) => line.epochs)).toEqual(Array(6).fill(30));
    // Survivors trained exactly like the plain sweep's runs (retrained from the start, same seeds).
    const byKey = new Map(full.map((line) => [line.key, line.final]));
    for (const line of survivors) expect(line.final).toEqual(byKey.get(line.key));
    // The survivors are the three combinations with the lowest mean train loss after 10 epochs.
    const plan = planSweep(SweepSchema.parse({ ...SWEEP, halving: { at: [10] } }));
    const xor = resolveSyntheticDataset({ synthetic: 'xor', seed: 0 });
    const at10 = new Map<string, number[]>();
    for (const planned of plan.runs) {
      const result = await runSession({ ...planned.experiment, training: { ...planned.experiment.training, epochs: 10 } }, xor);
      at10.set(planned.configKey, [...(at10.get(planned.configKey) ?? []), result.weights!.metrics!.trainLoss]);
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const expected = [...at10].sort(([, a], [, b]) => mean(a) - mean(b)).slice(0, 3).map(([key]) => key);
    expect(new Set(survivors.map((line) => line.configKey))).toEqual(new Set(expected));
    for (const line of pruned) expect(at10.get(line.configKey)).toContain(line.final!.trainLoss);
  });
});

describe('sweep input errors', () => {
  it('names the file and field of a bad sweep, and explains bad options', () => {
    writeFileSync(path('typo.sweep.json'), JSON.stringify({ ...SWEEP, parameters: { learningrate: [0.1] } }));
    const typo = runCli(['sweep', 'typo.sweep.json'], dir);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toMatch(/^nn-workbench: typo\.sweep\.json: parameters\.learningrate: expected an alias \(learningRate, optimizer/);
    writeFileSync(path('invalid.sweep.json'), JSON.stringify({ ...SWEEP, parameters: { width: [4, 0] } }));
    expect(runCli(['sweep', 'invalid.sweep.json'], dir).stderr).toBe(
      'nn-workbench: invalid.sweep.json: parameters: with width = 0 the experiment is invalid — model.layers.0.units: expected a number ≥ 1.\n',
    );
    const shard = runCli(['sweep', 'xor.sweep.json', '--shard', '4/3'], dir);
    expect(shard.status).toBe(1);
    expect(shard.stderr).toBe("nn-workbench: --shard: expected 1 ≤ k ≤ N in k/N, got '4/3'\n");
    const parallel = runCli(['sweep', 'xor.sweep.json', '--parallel', 'two'], dir);
    expect(parallel.status).toBe(2);
    expect(parallel.stderr).toContain("nn-workbench: --parallel: expected a whole number ≥ 1, got 'two'.");
    writeFileSync(path('missing.sweep.json'), JSON.stringify({ ...SWEEP, experiment: { ...SWEEP.experiment, dataset: { csv: 'missing.csv', target: 'y' } } }));
    const missing = runCli(['sweep', 'missing.sweep.json'], dir);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`nn-workbench: Cannot read CSV file '${path('missing.csv')}': no such file.\n`);
    writeFileSync(path('misfit.sweep.json'), JSON.stringify({ ...SWEEP, parameters: { 'model.layers[1].units': [1, 3] } }));
    const misfit = runCli(['sweep', 'misfit.sweep.json'], dir);
    expect(misfit.stderr).toMatch(/^nn-workbench: misfit\.sweep\.json: run 2 \(xor · model\.layers\[1\]\.units 3, seed 1\): model\.layers\[1\]\.units: the output layer has 3 units but xor has 2 classes/);
    writeFileSync(path('proto.sweep.json'), JSON.stringify({ ...SWEEP, parameters: { 'model.__proto__.polluted': ['yes'] } }));
    expect(runCli(['sweep', 'proto.sweep.json'], dir).stderr).toBe(
      "nn-workbench: proto.sweep.json: parameters.model.__proto__.polluted: '__proto__' cannot be a step of a parameter path: it names an object's prototype, not a field of the experiment.\n",
    );
    writeFileSync(path('proto-key.sweep.json'), JSON.stringify(SWEEP).replace('"parameters":{', '"parameters":{"__proto__":{"polluted":["yes"]},'));
    expect(runCli(['sweep', 'proto-key.sweep.json'], dir).stderr).toBe(
      "nn-workbench: proto-key.sweep.json: parameters.__proto__: '__proto__' is not allowed as a key (it names an object's prototype).\n",
    );
    const command = runCli(['constructor'], dir);
    expect(command.stderr).toMatch(/^nn-workbench: Unknown command 'constructor'\./);
    expect(command.status).toBe(2);
    const halvingShard = runCli(['sweep', 'halving.sweep.json', '--shard', '1/2'], dir);
    expect(halvingShard.stderr).toContain('--shard cannot be combined with successive halving');
  });
});
