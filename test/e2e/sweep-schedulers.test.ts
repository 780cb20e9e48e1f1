import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SweepResultLineSchema, type SweepResultLine } from '../../src/shared/schema/sweep-result';

// The README's promise that a sweep splits across machines, kept with the real schedulers: a
// single-node Slurm cluster on localhost (munged, slurmctld and slurmd from Debian's slurm-wlm and
// munge, started here with a minimal slurm.conf and stopped at the end) runs the breast-cancer
// sweep as an sbatch array job of 3 shards, and GNU parallel runs 4 shards side by side as the
// README shows; each merge must equal one `sweep --parallel 2` on this machine: the same runs, the
// same metrics and byte-identical weights files. Nothing is installed here (.ci/run installs the
// packages); where they are missing, or without root (slurmd starts jobs as their user), the test
// says so and is skipped.

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'bin/nn-workbench.js');
const FIXTURES = join(ROOT, 'test/fixtures');
const SWEEP = 'breast-cancer.sweep.json';

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const slurmMissing = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scontrol'].filter((command) => !has(command));
const isRoot = process.getuid?.() === 0;
const skipSlurm = slurmMissing.length > 0 || !isRoot;
if (skipSlurm) {
  console.warn(
    `skipped: the Slurm array-job test needs ${slurmMissing.length ? `${slurmMissing.join(', ')} (apt-get install slurm-wlm munge)` : 'root (slurmd starts jobs as their user)'}`,
  );
}
const skipParallel = !has('parallel');
if (skipParallel) console.warn('skipped: the GNU parallel sweep test needs parallel (apt-get install parallel)');

const dir = mkdtempSync(join(tmpdir(), 'nn-schedulers-'));

/** A directory holding the breast-cancer sweep and its CSV, as a machine of the cluster would. */
function workdir(name: string): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  for (const file of [SWEEP, 'breast-cancer.csv']) copyFileSync(join(FIXTURES, file), join(path, file));
  return path;
}

const readLines = (file: string): SweepResultLine[] =>
  readFileSync(file, 'utf8').trim().split('\n').map((line) => SweepResultLineSchema.parse(JSON.parse(line)));

/** What must match between two runs of the same sweep: everything but the time each run took (in plan order; a sweep writes runs as they end). */
const comparable = (lines: SweepResultLine[]) => [...lines].sort((a, b) => a.index - b.index).map(({ seconds: _seconds, ...line }) => line);

/** The weights files of a weights folder (its history files beside them hold each epoch's time, which differs from run to run). */
function weightsFiles(path: string): Map<string, string> {
  const names = readdirSync(path).filter((name) => name.endsWith('.weights.json'));
  return new Map(names.map((name) => [name, readFileSync(join(path, name), 'utf8')]));
}

let reference: { lines: SweepResultLine[]; weights: Map<string, string> };

beforeAll(() => {
  if (skipSlurm && skipParallel) return;
  const cwd = workdir('one-machine');
  execFileSync(process.execPath, [CLI, 'sweep', SWEEP, '--parallel', '2', '--out', 'results.jsonl', '--weights-dir', 'weights'], { cwd, stdio: 'pipe', timeout: 120_000 });
  reference = { lines: readLines(join(cwd, 'results.jsonl')), weights: weightsFiles(join(cwd, 'weights')) };
  expect(reference.lines).toHaveLength(16);
  expect(reference.weights.size).toBe(16);
});

function expectSameAsOneMachine(cwd: string, merged: string): void {
  const lines = readLines(join(cwd, merged));
  expect(comparable(lines)).toEqual(comparable(reference.lines));
  const weights = weightsFiles(join(cwd, 'weights'));
  expect([...weights.keys()].sort()).toEqual([...reference.weights.keys()].sort());
  for (const [name, text] of weights) expect(text, name).toBe(reference.weights.get(name));
}

/** A port nothing listens on now, so the daemons do not collide with another test or service. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(skipSlurm)('a Slurm array job', () => {
  const cluster = join(dir, 'slurm');
  const conf = join(cluster, 'slurm.conf');
  const socket = join(cluster, 'munge', 'munge.sock');
  const env = { ...process.env, SLURM_CONF: conf };
  const slurm = (command: string, args: string[]) => execFileSync(command, args, { env, encoding: 'utf8', timeout: 30_000 });
  const pid = (file: string) => (existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined);

  beforeAll(async () => {
    for (const sub of ['munge', 'state', 'spool', 'log']) mkdirSync(join(cluster, sub), { recursive: true, mode: 0o700 });
    writeFileSync(join(cluster, 'munge', 'munge.key'), randomBytes(1024), { mode: 0o400 });
    execFileSync('munged', [
      '--force',
      `--key-file=${join(cluster, 'munge', 'munge.key')}`,
      `--socket=${socket}`,
      `--pid-file=${join(cluster, 'munged.pid')}`,
      `--log-file=${join(cluster, 'log', 'munged.log')}`,
      `--seed-file=${join(cluster, 'munge', 'seed')}`,
    ]);
    const host = hostname().split('.')[0];
    const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
    writeFileSync(
      conf,
      [
        'ClusterName=nnworkbench',
        `SlurmctldHost=${host}(127.0.0.1)`,
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${slurmdPort}`,
        'AuthType=auth/munge',
        'CredType=cred/munge',
        `AuthInfo=socket=${socket}`,
        'SlurmUser=root',
        'SlurmdUser=root',
        `StateSaveLocation=${join(cluster, 'state')}`,
        `SlurmdSpoolDir=${join(cluster, 'spool')}`,
        `SlurmctldPidFile=${join(cluster, 'slurmctld.pid')}`,
        `SlurmdPidFile=${join(cluster, 'slurmd.pid')}`,
        `SlurmctldLogFile=${join(cluster, 'log', 'slurmctld.log')}`,
        `SlurmdLogFile=${join(cluster, 'log', 'slurmd.log')}`,
        // No cgroups in a container: track job processes by their parent, bind no tasks.
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_CPU',
        'SchedulerType=sched/builtin',
        'MpiDefault=none',
        'JobCompType=jobcomp/none',
        'AccountingStorageType=accounting_storage/none',
        'ReturnToService=2',
        `NodeName=${host} NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN`,
        `PartitionName=test Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      ].join('\n') + '\n',
    );
    slurm('slurmctld', ['-f', conf]);
    slurm('slurmd', ['-f', conf]);
  });

  afterAll(() => {
    // Stop what was started here, by its own pid files: scontrol asks both daemons to end, munged -s ends munged.
    spawnSync('scontrol', ['shutdown'], { env, timeout: 15_000 });
    spawnSync('munged', ['-s', `--socket=${socket}`], { timeout: 15_000 });
    for (const file of ['slurmctld.pid', 'slurmd.pid', 'munged.pid']) {
      const id = pid(join(cluster, file));
      if (id) spawnSync('kill', ['-9', String(id)]);
    }
  });

  it('runs sweep --shard $SLURM_ARRAY_TASK_ID/3 as sbatch --array=1-3; merged, it equals one sweep --parallel 2', async () => {
    const cwd = workdir('slurm-job');
    writeFileSync(
      join(cwd, 'shard.sh'),
      `#!/bin/bash\nexec "${process.execPath}" "${CLI}" sweep ${SWEEP} --shard "$SLURM_ARRAY_TASK_ID/3" --parallel 1 --out "results-$SLURM_ARRAY_TASK_ID.jsonl" --weights-dir weights\n`,
      { mode: 0o755 },
    );
    const job = slurm('sbatch', ['--parsable', '--array=1-3', '--cpus-per-task=1', '--output=slurm-%a.out', `--chdir=${cwd}`, join(cwd, 'shard.sh')]).trim();
    expect(job).toMatch(/^\d+$/);
    const deadline = Date.now() + 240_000;
    while (slurm('squeue', ['--noheader', '--jobs', job]).trim() !== '' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    expect(slurm('squeue', ['--noheader', '--jobs', job]).trim()).toBe('');
    for (const k of [1, 2, 3]) expect(readFileSync(join(cwd, `slurm-${k}.out`), 'utf8')).toMatch(new RegExp(`shard ${k}/3: \\d runs; training`));

    const merge = spawnSync(process.execPath, [CLI, 'merge', 'results-1.jsonl', 'results-2.jsonl', 'results-3.jsonl', '--out', 'merged.jsonl'], { cwd, encoding: 'utf8' });
    expect(merge.stdout).toBe('merged 3 files: 16 of 16 runs → merged.jsonl\n');
    expectSameAsOneMachine(cwd, 'merged.jsonl');
  }, 300_000);
});

describe.skipIf(skipParallel)('GNU parallel, as the README shows it', () => {
  it('runs 4 shards side by side; merged, they equal one sweep --parallel 2', () => {
    const cwd = workdir('gnu-parallel');
    // The README's line without --sshloginfile (every shard on this machine), with --parallel 1 so they share the cores.
    execFileSync(
      'parallel',
      ['--will-cite', process.execPath, CLI, 'sweep', SWEEP, '--shard', '{}/4', '--parallel', '1', '--out', 'results-{}.jsonl', '--weights-dir', 'weights', ':::', '1', '2', '3', '4'],
      { cwd, stdio: 'pipe', timeout: 240_000 },
    );
    const merge = spawnSync(process.execPath, [CLI, 'merge', ...[1, 2, 3, 4].map((k) => `results-${k}.jsonl`), '--out', 'merged.jsonl'], { cwd, encoding: 'utf8' });
    expect(merge.stdout).toBe('merged 4 files: 16 of 16 runs → merged.jsonl\n');
    expectSameAsOneMachine(cwd, 'merged.jsonl');
  }, 300_000);
});
