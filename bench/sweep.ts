import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SweepInput } from '../src/shared/schema/sweep';

// A sweep of 24 small configurations on two spirals (learning rate × width × depth), run by the
// real CLI (`nn-workbench sweep`) with --parallel 1 and with --parallel 2: wall time of the whole
// command, start-up included, medians of `reps` repetitions, alternating the two so a noisy
// neighbour on a shared machine hurts both alike.

const CLI = join(import.meta.dirname, '../bin/nn-workbench.js');

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
}

function timeSweep(file: string, out: string, parallel: number): number {
  rmSync(out, { force: true });
  const start = performance.now();
  const run = spawnSync(process.execPath, [CLI, 'sweep', file, '--parallel', String(parallel), '--out', out], { encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`sweep bench failed (exit ${run.status}): ${run.stderr.trim()}`);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  if (lines.length !== 24) throw new Error(`sweep bench wrote ${lines.length} results instead of 24`);
  return seconds;
}

export function benchSweep(reps: number): SweepBenchRow[] {
  const scratch = mkdtempSync(join(tmpdir(), 'nn-bench-sweep-'));
  try {
    const file = join(scratch, 'bench.sweep.json');
    writeFileSync(file, JSON.stringify(BENCH_SWEEP));
    const times: Record<number, number[]> = { 1: [], 2: [] };
    for (let rep = 0; rep < reps; rep++) {
      for (const parallel of [1, 2]) times[parallel].push(timeSweep(file, join(scratch, 'results.jsonl'), parallel));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    return [1, 2].map((parallel) => ({ parallel, seconds: times[parallel], median: median(times[parallel]) }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function printSweepBench(rows: SweepBenchRow[]): void {
  const [one, two] = rows;
  console.log('\nSweep of 24 spirals configurations through `nn-workbench sweep` (wall time, start-up included):');
  console.log('| --parallel | median s | all runs s |');
  console.log('|------------|----------|------------|');
  for (const row of rows) console.log(`| ${String(row.parallel).padEnd(10)} | ${row.median.toFixed(2).padEnd(8)} | ${row.seconds.map((s) => s.toFixed(2)).join(', ')} |`);
  console.log(`speed-up with 2 workers: ${(one.median / two.median).toFixed(2)}× (target ≥ 1.7×)`);
}
