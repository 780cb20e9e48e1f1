import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../src/shared/data/dataset';
import { resolveSyntheticDataset } from '../src/shared/data/synthetic';
import { runSession } from '../src/shared/engine/session';
import { ExperimentSchema, type ExperimentInput } from '../src/shared/schema/experiment';
import type { EpochEvent } from '../src/shared/schema/progress';
import { wasmUnavailableReason } from '../src/shared/nn/kernels/wasm-module';
import { benchDatasetStore } from './dataset-store';
import { benchImport } from './import';
import { benchInspector } from './inspector';
import { benchFloat64Targets } from './float64-targets';
import { benchKernelsVsPeers } from './kernels-vs-peers';
import { benchPredictionsTable } from './predictions-table';
import { benchSweep, machineSpeedup, printSweepBench } from './sweep';
import { benchUserRuns } from './user-runs';
import { FASHION_DIR, fashionExperiment, loadFashion, SPIRALS, spiralsExperiment, writeSpiralsForPeers } from './workloads';

// npm run bench: the same training work in the core (its kernel backends) and in a numpy
// peer written the tutorials' way (bench/peers/mlp_numpy.py), in one run on one machine.
//   (a) two spirals, 2-16-16-1 tanh/tanh/sigmoid, BCE, SGD, batch 16, 200 epochs
//   (b) Fashion-MNIST, 784-128-10 relu/softmax, CCE, SGD, batch 64, 1 epoch: float32 and float64
//       on the ts and wasm backends
//   (c) a 24-configuration sweep through the CLI with --parallel 1 and 2 (bench/sweep.ts)
//   (d) importing Fashion-MNIST train from IDX and from a ~130 MB CSV, time and peak memory, beside
//       numpy (bench/import.ts)
//   (e) the kernel backends against numpy and PyTorch, float32: spirals, Fashion-MNIST, 64×64×3
//       images, test accuracy after 5 epochs (bench/kernels-vs-peers.ts); then float64 on wasm
//       against float32 on wasm and PyTorch in float64 (bench/float64-targets.ts)
//   (f) the step inspector on Fashion-MNIST 784-128-10, in Node and in Chromium (bench/inspector.ts)
//   (g) the predictions table of 10,000 Fashion-MNIST rows, in Node and in Chromium (bench/predictions-table.ts)
//   (h) Fashion-MNIST's 60,000 training images imported, saved, trained on and inspected in
//       Chromium (bench/dataset-store.ts)
//   (i) what users run: `nn-workbench train`, the browser host and the in-process engine against a
//       bare PyTorch epoch (bench/user-runs.ts)
// Both sides time initialization + training + the per-epoch evaluation of the training and
// held-out sets (what the core's loop does every epoch), not data loading. numpy runs with one
// BLAS thread, like the core's single thread. Times and accuracies are medians of BENCH_REPS
// (default 3) repetitions with seeds 0, 1, …

const REPS = Number(process.env.BENCH_REPS ?? 3);
const PEER = join(import.meta.dirname, 'peers/mlp_numpy.py');

interface Measurement {
  seconds: number;
  accuracy: number;
}
interface PeerResult {
  measurement?: Measurement;
  note?: string;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeOurs(experiment: ExperimentInput, dataset: Dataset, accuracyOf: (e: EpochEvent) => number): Promise<Measurement> {
  const seconds: number[] = [];
  const accuracies: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const parsed = ExperimentSchema.parse({ ...experiment, training: { ...experiment.training, seed: rep } });
    let last: EpochEvent | undefined;
    const start = performance.now();
    const result = await runSession(parsed, dataset, { onEpoch: (e) => (last = e) });
    seconds.push((performance.now() - start) / 1000);
    if (result.status !== 'done' || !last) throw new Error(`bench run ended ${result.status}: ${result.message}`);
    accuracies.push(accuracyOf(last));
  }
  return { seconds: median(seconds), accuracy: median(accuracies) };
}

function timeNumpy(args: string[]): PeerResult {
  const run = spawnSync('python3', [PEER, ...args, '--reps', String(REPS)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (run.error) return { note: `numpy peer unavailable: ${run.error.message}` };
  if (run.status !== 0) {
    const reason = run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`;
    return { note: `numpy peer unavailable: ${reason}` };
  }
  const out = JSON.parse(run.stdout) as { seconds: number[]; train_accuracy: number[]; test_accuracy: number[] | null; numpy: string };
  numpyVersion = out.numpy;
  return { measurement: { seconds: median(out.seconds), accuracy: median(out.test_accuracy ?? out.train_accuracy) } };
}
let numpyVersion = '';

interface Row {
  task: string;
  ours: Measurement;
  peer: PeerResult;
  accuracyLabel: string;
}
const rows: Row[] = [];
const notes: string[] = [];

async function spirals(scratch: string): Promise<void> {
  const dataset = resolveSyntheticDataset(SPIRALS);
  const experiment = spiralsExperiment('float64', 'ts');
  const ours = await timeOurs(experiment, dataset, (e) => e.train.accuracy!);
  // The peer trains on exactly these points.
  const file = writeSpiralsForPeers(dataset, join(scratch, 'spirals.f64'));
  const peer = timeNumpy(['spirals', file, String(dataset.rows), '--epochs', '200', '--batch', '16', '--lr', '0.1']);
  rows.push({ task: 'two spirals 2-16-16-1, batch 16, 200 epochs (f64, ts)', ours, peer, accuracyLabel: 'train' });
}

async function fashion(): Promise<void> {
  if (!existsSync(FASHION_DIR)) {
    notes.push(`Fashion-MNIST skipped: ${FASHION_DIR} not found (apt-get install dataset-fashion-mnist).`);
    return;
  }
  const dataset = await loadFashion();
  // Both dtypes on both backends (the plain TypeScript kernels and, where it runs, WebAssembly
  // SIMD); numpy runs once per dtype.
  const wasmMissing = wasmUnavailableReason();
  if (wasmMissing) notes.push(`wasm backend skipped: ${wasmMissing}.`);
  const runs: { dtype: 'float32' | 'float64'; backend: 'ts' | 'wasm' }[] = [
    { dtype: 'float32', backend: 'ts' },
    ...(wasmMissing ? [] : [{ dtype: 'float32', backend: 'wasm' } as const]),
    { dtype: 'float64', backend: 'ts' },
    ...(wasmMissing ? [] : [{ dtype: 'float64', backend: 'wasm' } as const]),
  ];
  const peers = new Map<string, PeerResult>();
  for (const { dtype, backend } of runs) {
    const experiment = fashionExperiment(dtype, backend, 1);
    const ours = await timeOurs(experiment, dataset, (e) => e.validation!.accuracy!);
    if (!peers.has(dtype)) {
      peers.set(dtype, timeNumpy(['fashion', FASHION_DIR, '--dtype', dtype, '--epochs', '1', '--batch', '64', '--lr', '0.1']));
    }
    const task = `Fashion-MNIST 784-128-10, batch 64, 1 epoch (${dtype === 'float32' ? 'f32' : 'f64'}, ${backend})`;
    rows.push({ task, ours, peer: peers.get(dtype)!, accuracyLabel: 'test' });
  }
}

function printTable(): void {
  const percent = (m?: Measurement) => (m ? `${(100 * m.accuracy).toFixed(2)}%` : '—');
  const table = [
    ['task', 'ours s', 'numpy s', 'ours/numpy', 'accuracy ours', 'accuracy numpy'],
    ...rows.map(({ task, ours, peer, accuracyLabel }) => [
      task,
      ours.seconds.toFixed(2),
      peer.measurement ? peer.measurement.seconds.toFixed(2) : 'n/a',
      peer.measurement ? (ours.seconds / peer.measurement.seconds).toFixed(2) : 'n/a',
      `${percent(ours)} ${accuracyLabel}`,
      peer.measurement ? `${percent(peer.measurement)} ${accuracyLabel}` : 'n/a',
    ]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  console.log(line(table[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table.slice(1)) console.log(line(row));
  const peerNotes = [...new Set(rows.map((r) => r.peer.note).filter((n): n is string => Boolean(n)))];
  for (const note of [...peerNotes, ...notes]) console.log(note);
}

const scratch = mkdtempSync(join(tmpdir(), 'nn-bench-'));
try {
  console.log(`Node ${process.version}; median of ${REPS} runs; numpy with 1 BLAS thread; times include per-epoch evaluation.`);
  await spirals(scratch);
  await fashion();
  if (numpyVersion) console.log(`numpy ${numpyVersion}`);
  printTable();
  printSweepBench(benchSweep(REPS), await machineSpeedup());
  benchImport(scratch);
  await benchKernelsVsPeers(scratch, REPS);
  await benchFloat64Targets(REPS);
  await benchInspector(REPS);
  await benchPredictionsTable(REPS);
  await benchDatasetStore();
  await benchUserRuns(scratch, REPS);
  await (await import('./runs-at-scale')).benchRunsAtScale(REPS);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
