import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SweepInput } from '../src/shared/schema/sweep';

// A sweep of 24 small configurations on two spirals (learning rate × width × depth), run by the
// real CLI (`nn-workbench sweep`) with --parallel 1 and with --parallel 2: wall time of the whole
// command, start-up included, medians of `reps` repetitions, alternating the two so a noisy
// neighbour on a shared machine hurts both alike. With GNU time at hand it also reports the CPU
// seconds the command used and CPU/wall, the cores it kept busy: on a quiet 2-core machine about 1
// and 2; on a machine shared with other work, less — which tells a slow speed-up from contention.

const CLI = join(import.meta.dirname, '../bin/nn-workbench.js');
const GNU_TIME = '/usr/bin/time';

export const BENCH_SWEEP: SweepInput = {
  name: 'bench: spirals, 24 configurations',
  experiment: {
    dataset: { synthetic: 'spirals', samples: 1200, noise: 0.1, seed: 1 },
    model: {
      layers: [
        { units: 16, activation: 'tanh' },
        { units: 1, activation: 'sigmoid' },
      ],
      loss: 'binaryCrossEntropy',
    },
    training: { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 16, epochs: 200, seed: 1, validationSplit: 0.2 },
  },
  parameters: { learningRate: [0.03, 0.01, 0.003, 0.001], width: [8, 16, 32], depth: [1, 2] },
};

export interface SweepBenchRow {
  parallel: number;
  seconds: number[];
  median: number;
  /** CPU seconds (user + system) of each repetition, when GNU time is available. */
  cpu: number[];
}

function timeSweep(file: string, out: string, parallel: number): { seconds: number; cpu?: number } {
  rmSync(out, { force: true });
  const command = [process.execPath, CLI, 'sweep', file, '--parallel', String(parallel), '--out', out];
  const timed = existsSync(GNU_TIME);
  const start = performance.now();
  const run = timed ? spawnSync(GNU_TIME, ['-f', 'cpu %U %S', ...command], { encoding: 'utf8' }) : spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`sweep bench failed (exit ${run.status}): ${run.stderr.trim()}`);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  if (lines.length !== 24) throw new Error(`sweep bench wrote ${lines.length} results instead of 24`);
  const cpu = /^cpu ([\d.]+) ([\d.]+)$/m.exec(run.stderr);
  return { seconds, ...(cpu ? { cpu: Number(cpu[1]) + Number(cpu[2]) } : {}) };
}

export function benchSweep(reps: number): SweepBenchRow[] {
  const scratch = mkdtempSync(join(tmpdir(), 'nn-bench-sweep-'));
  try {
    const file = join(scratch, 'bench.sweep.json');
    writeFileSync(file, JSON.stringify(BENCH_SWEEP));
    const times: Record<number, number[]> = { 1: [], 2: [] };
    const cpu: Record<number, number[]> = { 1: [], 2: [] };
    for (let rep = 0; rep < reps; rep++) {
      for (const parallel of [1, 2]) {
        const measured = timeSweep(file, join(scratch, 'results.jsonl'), parallel);
        times[parallel].push(measured.seconds);
        if (measured.cpu !== undefined) cpu[parallel].push(measured.cpu);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    return [1, 2].map((parallel) => ({ parallel, seconds: times[parallel], median: median(times[parallel]), cpu: cpu[parallel] }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The same fixed arithmetic on `threads` worker threads at once: seconds of wall time. */
async function spin(threads: number): Promise<number> {
  const start = performance.now();
  const work = `let x = 0; for (let i = 0; i < 3e8; i++) x += Math.sqrt(i); require('node:worker_threads').parentPort.postMessage(x);`;
  await Promise.all(
    Array.from({ length: threads }, () => new Promise<void>((resolve, reject) => {
      const worker = new Worker(work, { eval: true });
      worker.once('message', () => void worker.terminate().then(() => resolve()));
      worker.once('error', reject);
    })),
  );
  return (performance.now() - start) / 1000;
}

/**
 * What the machine gives right now: twice the work on two threads versus once on one (an ideal,
 * perfectly parallel job). About 2 on a quiet 2-core machine; near 1 when other work holds a core,
 * and then no sweep can do better.
 */
export async function machineSpeedup(): Promise<number> {
  const one = await spin(1);
  const two = await spin(2);
  return (2 * one) / two;
}

export function printSweepBench(rows: SweepBenchRow[], ceiling?: number): void {
  const [one, two] = rows;
  console.log('\nSweep of 24 spirals configurations through `nn-workbench sweep` (wall time, start-up included):');
  console.log('| --parallel | median s | all runs s (CPU s, cores busy) |');
  console.log('|------------|----------|--------------------------------|');
  for (const row of rows) {
    const runs = row.seconds.map((s, i) => (row.cpu[i] !== undefined ? `${s.toFixed(2)} (${row.cpu[i].toFixed(1)}, ${(row.cpu[i] / s).toFixed(2)})` : s.toFixed(2)));
    console.log(`| ${String(row.parallel).padEnd(10)} | ${row.median.toFixed(2).padEnd(8)} | ${runs.join('; ')} |`);
  }
  console.log(`speed-up with 2 workers: ${(one.median / two.median).toFixed(2)}× (target ≥ 1.7×)`);
  if (ceiling !== undefined) console.log(`the machine's own ceiling now (a perfectly parallel loop on 2 threads): ${ceiling.toFixed(2)}×`);
}
