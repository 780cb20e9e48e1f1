import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../src/shared/data/dataset';
import { resolveSyntheticDataset } from '../src/shared/data/synthetic';
import { runSession } from '../src/shared/engine/session';
import { BatchLoader } from '../src/shared/nn/batches';
import { wasmUnavailableReason } from '../src/shared/nn/kernels/wasm-module';
import { useKernelThreads } from '../src/cli/kernel-threads';
import { LOSSES } from '../src/shared/nn/losses';
import { buildNetwork } from '../src/shared/nn/model';
import { createOptimizer } from '../src/shared/nn/optimizers';
import { createRng, shuffleInPlace } from '../src/shared/nn/rng';
import { trainStep } from '../src/shared/nn/train';
import { ExperimentSchema, ModelSpecSchema, OptimizerSpecSchema, type ExperimentInput } from '../src/shared/schema/experiment';
import type { EpochEvent } from '../src/shared/schema/progress';
import { formatIssue7Checks, issue7Checks, type Measured, type TargetRow } from './issue-7-targets';
import { FASHION_DIR, fashionExperiment, loadFashion, SPIRALS, spiralsExperiment, writeSpiralsForPeers } from './workloads';

// The kernel backends against numpy and PyTorch (issue 7), float32 everywhere, one table:
//   spirals   2-16-16-1 tanh/tanh/sigmoid, BCE, SGD 0.1, batch 16, 200 epochs      (seconds)
//   fashion   784-128-10 relu/softmax, CCE, SGD 0.1, batch 64, one epoch          (seconds per epoch)
//             and 5-epoch runs: their mean seconds per epoch (a run's one-time work spread), their
//             steady epochs (2–5) and that one-time work (the first epoch minus a steady one)
//   images    12,288-128-10 relu/softmax on random 64×64×3 images, batch 32      (training samples/s)
//   accuracy  fashion after 5 epochs: test accuracy (one run each)
// An epoch is what the core's training loop does: shuffle, mini-batch SGD, then loss and accuracy
// on the training set (and the test set for Fashion-MNIST); `images` times training passes only.
// Peers: bench/peers/mlp_numpy.py and images_numpy.py (numpy with 1 and with 2 OpenBLAS threads,
// `python3`), bench/peers/mlp_torch.py (PyTorch, `/usr/bin/python3`, torch.set_num_threads(1),
// OPENBLAS_NUM_THREADS=1). Repetitions are interleaved across contenders so a burst of load on
// the machine hits them alike (the ts backend's run after them); each cell is the median.

const PEERS = join(import.meta.dirname, 'peers');
const IMAGE_SAMPLES = 2048;

type Contender = 'ts' | 'wasm1' | 'wasm2' | 'numpy1' | 'numpy2' | 'torch';
const CONTENDERS: Contender[] = ['ts', 'wasm1', 'wasm2', 'numpy1', 'numpy2', 'torch'];
const HEADINGS: Record<Contender, string> = {
  ts: 'ours ts',
  wasm1: 'ours wasm ×1',
  wasm2: 'ours wasm ×2',
  numpy1: 'numpy ×1',
  numpy2: 'numpy ×2',
  torch: 'torch ×1',
};
/** Our side of a contender: the backend (wasm ×2 is wasm with one helper thread). */
const ours = (contender: Contender): 'ts' | 'wasm' | null => (contender === 'ts' ? 'ts' : contender.startsWith('wasm') ? 'wasm' : null);

interface Task {
  name: string;
  /** 'seconds' (lower is better), 'samples/s' (higher is better) or 'accuracy'. */
  unit: 'seconds' | 'samples/s' | 'accuracy';
  reps: number;
  /** false: a row whose values are no speed (a one-time cost near zero), so no ratio is shown. */
  ratios?: false;
  /** The measurement of issue 7's targets this row is, if any (bench/issue-7-targets.ts). */
  target?: TargetRow;
  /** One measurement of a contender: seconds (or accuracy), or why it could not run. */
  measure(contender: Contender, rep: number): Promise<number | string>;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface PeerOutput {
  seconds: number[];
  /** Each repetition's epochs one by one (the first includes initialization). */
  epoch_seconds?: number[][];
  /** One value, or one per repetition. */
  test_accuracy?: number | number[] | null;
}

/** Runs a peer script once; its output, or the reason it is unavailable. */
export function runPeer(contender: Contender, script: string, args: string[]): PeerOutput | string {
  const torch = contender === 'torch';
  const threads = contender === 'numpy2' ? '2' : '1';
  const run = spawnSync(torch ? '/usr/bin/python3' : 'python3', [join(PEERS, script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: threads, OMP_NUM_THREADS: threads, MKL_NUM_THREADS: threads },
  });
  const who = torch ? 'PyTorch (/usr/bin/python3)' : 'numpy (python3)';
  if (run.error) return `${who} unavailable: ${run.error.message}`;
  if (run.status !== 0) return `${who} unavailable: ${run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`}`;
  return JSON.parse(run.stdout) as PeerOutput;
}

/**
 * Our side of a session-shaped task: wall time of runSession, each epoch's seconds (the first
 * includes preparing the run), and the last epoch's event.
 */
export async function timeSession(experiment: ExperimentInput, dataset: Dataset, seed: number): Promise<{ seconds: number; epochSeconds: number[]; last: EpochEvent }> {
  const parsed = ExperimentSchema.parse({ ...experiment, training: { ...experiment.training, seed } });
  let last: EpochEvent | undefined;
  const start = performance.now();
  const epochEnds: number[] = [];
  const result = await runSession(parsed, dataset, {
    onEpoch: (e) => {
      epochEnds.push(performance.now());
      last = e;
    },
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 'done' || !last) throw new Error(`bench run ended ${result.status}: ${result.message}`);
  return { seconds, epochSeconds: epochEnds.map((end, i) => (end - (i === 0 ? start : epochEnds[i - 1])) / 1000), last };
}

function spiralsTask(scratch: string, reps: number): Task {
  const dataset = resolveSyntheticDataset(SPIRALS);
  const file = writeSpiralsForPeers(dataset, join(scratch, 'spirals-peers.f64'));
  const peerArgs = ['spirals', file, String(dataset.rows), '--epochs', '200', '--batch', '16', '--lr', '0.1'];
  return {
    name: 'two spirals 2-16-16-1 tanh, batch 16, 200 epochs',
    target: 'spirals',
    unit: 'seconds',
    reps,
    async measure(contender, rep) {
      const backend = ours(contender);
      if (backend) return (await timeSession(spiralsExperiment('float32', backend), dataset, rep)).seconds;
      const out = contender === 'torch' ? runPeer(contender, 'mlp_torch.py', peerArgs) : runPeer(contender, 'mlp_numpy.py', [...peerArgs, '--dtype', 'float32']);
      return typeof out === 'string' ? out : out.seconds[0];
    },
  };
}

function fashionTasks(dataset: Dataset, reps: number): Task[] {
  const peerArgs = (epochs: number) => ['fashion', FASHION_DIR, '--epochs', String(epochs), '--batch', '64', '--lr', '0.1'];
  const epoch: Task = {
    name: 'Fashion-MNIST 784-128-10, batch 64, one epoch',
    target: 'fashionOneEpoch',
    unit: 'seconds',
    reps,
    async measure(contender, rep) {
      const backend = ours(contender);
      if (backend) return (await timeSession(fashionExperiment('float32', backend, 1), dataset, rep)).seconds;
      const out = contender === 'torch' ? runPeer(contender, 'mlp_torch.py', peerArgs(1)) : runPeer(contender, 'mlp_numpy.py', [...peerArgs(1), '--dtype', 'float32']);
      return typeof out === 'string' ? out : out.seconds[0];
    },
  };
  // One epoch's time includes what a run does once (allocating; on wasm, compressing a sparse
  // dataset into lists: wasm-dataset-lists.ts, whose first touch of new memory is slow on some
  // virtual machines). Five-epoch runs show it apart: their mean spreads it as a real run does,
  // their steady epochs leave it out, and the last row is it alone. One set of runs feeds the three
  // rows (the second and third read what the first recorded).
  const fiveEpochRuns = new Map<string, number[]>();
  const tsNote = 'ours ts: one-epoch row only (5 epochs take minutes)';
  const fiveEpochs: Task = {
    name: 'Fashion-MNIST as above, seconds per epoch of a 5-epoch run',
    target: 'fashionFiveEpochs',
    unit: 'seconds',
    reps,
    async measure(contender, rep) {
      if (contender === 'ts') return tsNote;
      const backend = ours(contender);
      let epochs: number[] | string;
      if (backend) epochs = (await timeSession(fashionExperiment('float32', backend, 5), dataset, rep)).epochSeconds;
      else {
        const out = contender === 'torch' ? runPeer(contender, 'mlp_torch.py', peerArgs(5)) : runPeer(contender, 'mlp_numpy.py', [...peerArgs(5), '--dtype', 'float32']);
        epochs = typeof out === 'string' ? out : (out.epoch_seconds?.[0] ?? 'peer output has no epoch_seconds');
      }
      if (typeof epochs === 'string') return epochs;
      fiveEpochRuns.set(`${contender}/${rep}`, epochs);
      return mean(epochs);
    },
  };
  const fromFiveEpochRuns = (name: string, value: (epochs: number[]) => number, ratios?: false): Task => ({
    name,
    unit: 'seconds',
    ratios,
    reps,
    async measure(contender, rep) {
      const epochs = fiveEpochRuns.get(`${contender}/${rep}`);
      return epochs ? value(epochs) : contender === 'ts' ? tsNote : `${HEADINGS[contender]}: no 5-epoch run`;
    },
  });
  const steady = fromFiveEpochRuns('Fashion-MNIST as above, seconds per steady epoch (epochs 2–5 of those runs)', (epochs) => mean(epochs.slice(1)));
  const oneTime = fromFiveEpochRuns("Fashion-MNIST as above, a run's one-time work (first epoch − steady epoch)", (epochs) => epochs[0] - mean(epochs.slice(1)), false);
  const accuracy: Task = {
    name: 'Fashion-MNIST test accuracy after 5 epochs',
    target: 'fashionAccuracy',
    unit: 'accuracy',
    reps: 1,
    async measure(contender) {
      // One run per implementation: ts and wasm ×2 compute what wasm ×1 does, numpy ×2 what numpy ×1 does.
      if (contender === 'ts' || contender === 'wasm2' || contender === 'numpy2') return 'accuracy: one run per implementation';
      if (contender === 'wasm1') return (await timeSession(fashionExperiment('float32', 'wasm', 5), dataset, 0)).last.validation!.accuracy!;
      const out = contender === 'torch' ? runPeer(contender, 'mlp_torch.py', peerArgs(5)) : runPeer(contender, 'mlp_numpy.py', [...peerArgs(5), '--dtype', 'float32']);
      return typeof out === 'string' ? out : [out.test_accuracy ?? NaN].flat()[0];
    },
  };
  return [epoch, fiveEpochs, steady, oneTime, accuracy];
}

const IMAGES_MODEL = ModelSpecSchema.parse({
  layers: [
    { units: 128, activation: 'relu' },
    { units: 10, activation: 'softmax' },
  ],
  init: 'heNormal',
  loss: 'categoricalCrossEntropy',
});

/** Seconds for one training pass of 12,288-128-10 over IMAGE_SAMPLES random images (init included). */
async function timeImages(backend: 'ts' | 'wasm', images: { x: Float32Array; y: Float32Array }, seed: number): Promise<number> {
  const start = performance.now();
  const rng = createRng(seed);
  const network = buildNetwork(IMAGES_MODEL, { inputs: 12288, dtype: 'float32', backend, rng });
  const loader = new BatchLoader({ x: images.x, features: 12288, y: images.y, outputs: 10 }, network);
  const optimizer = createOptimizer(OptimizerSpecSchema.parse({ name: 'sgd', learningRate: 0.1 }), network);
  const order = Int32Array.from({ length: IMAGE_SAMPLES }, (_, i) => i);
  shuffleInPlace(order, rng);
  for (let start = 0; start < IMAGE_SAMPLES; start += 32) {
    const { X, Y, m } = loader.load(order, start, Math.min(32, IMAGE_SAMPLES - start));
    trainStep(network, X, Y, m, LOSSES.categoricalCrossEntropy, optimizer, 0.1);
  }
  return (performance.now() - start) / 1000;
}


function imagesTask(reps: number): Task {
  const rng = createRng(0);
  const x = Float32Array.from({ length: IMAGE_SAMPLES * 12288 }, () => rng.next());
  const y = new Float32Array(IMAGE_SAMPLES * 10);
  for (let r = 0; r < IMAGE_SAMPLES; r++) y[r * 10 + rng.int(10)] = 1;
  return {
    name: `64×64×3 images 12288-128-10, batch 32 (${IMAGE_SAMPLES} random samples)`,
    target: 'images',
    unit: 'samples/s',
    reps,
    async measure(contender, rep) {
      const backend = ours(contender);
      if (backend) return timeImages(backend, { x, y }, rep);
      const args = [String(IMAGE_SAMPLES), '--batch', '32', '--lr', '0.1'];
      const out = contender === 'torch' ? runPeer(contender, 'mlp_torch.py', ['images', ...args]) : runPeer(contender, 'images_numpy.py', args);
      return typeof out === 'string' ? out : out.seconds[0];
    },
  };
}

/**
 * The CPU model and the vector extensions the peers' BLAS can use and our wasm cannot (wasm SIMD
 * is 128 bits wide, without fused multiply-add): they explain much of a ratio.
 */
function cpuDescription(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  let flags: string[] = [];
  try {
    flags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1].trim().split(/\s+/) ?? [];
  } catch {
    // Not Linux: the model alone.
  }
  const wide = ['avx512f', 'avx2', 'fma'].filter((flag) => flags.includes(flag));
  return wide.length ? `${model}; ${wide.join(', ')}` : model;
}

/** Renders one cell: seconds, samples per second (from seconds), or accuracy. */
function cell(task: Task, value: number | undefined): string {
  if (value === undefined) return 'n/a';
  if (task.unit === 'accuracy') return value.toFixed(4);
  if (task.unit === 'samples/s') return `${Math.round(IMAGE_SAMPLES / value)}/s`;
  return `${value.toFixed(2)} s`;
}

/**
 * Runs the table; `only` limits it to the tasks measuring these targets (e.g. ['spirals'] to
 * measure a change to small-network overhead in seconds instead of the whole table's minutes).
 */
export async function benchKernelsVsPeers(scratch: string, reps: number, only?: TargetRow[]): Promise<void> {
  const loadBefore = loadavg()[0];
  const notes = new Set<string>();
  const skipped = new Set<Contender>();
  const missing = wasmUnavailableReason();
  if (missing) {
    notes.add(`ours wasm unavailable: ${missing}`);
    skipped.add('wasm1').add('wasm2');
  }
  const helpers = Math.min(1, availableParallelism() - 1);
  if (helpers === 0) {
    notes.add('ours wasm ×2 skipped: one CPU');
    skipped.add('wasm2');
  }
  /** wasm ×2 runs large gemms on the calling thread plus one worker_threads helper, as the CLI's train does. */
  const threads = (on: boolean) => useKernelThreads(on ? helpers : 0);
  const wanted = (row: TargetRow) => !only || only.includes(row);
  const tasks = wanted('spirals') ? [spiralsTask(scratch, reps)] : [];
  const fashion = wanted('fashionOneEpoch') || wanted('fashionFiveEpochs') || wanted('fashionAccuracy');
  if (fashion && existsSync(FASHION_DIR)) tasks.push(...fashionTasks(await loadFashion(), reps));
  else if (fashion) notes.add(`Fashion-MNIST skipped: ${FASHION_DIR} not found (apt-get install dataset-fashion-mnist).`);
  if (wanted('images')) tasks.push(imagesTask(reps));

  const results = tasks.map(() => new Map<Contender, number>());
  for (const [t, task] of tasks.entries()) {
    const samples = new Map<Contender, number[]>(CONTENDERS.map((c) => [c, []]));
    const measure = async (contender: Contender, rep: number) => {
      if (skipped.has(contender)) return;
      threads(contender === 'wasm2');
      const value = await task.measure(contender, rep);
      if (typeof value === 'string') notes.add(value);
      else samples.get(contender)!.push(value);
    };
    // wasm and the peers interleave, so a burst of load hits them alike. The ts backend runs after
    // them: its float32 arrays outside the wasm memory make the shared JavaScript (batches,
    // diagnostics, metrics) polymorphic, which would slow the wasm runs that follow in this process
    // but never happens in an app or CLI run, where one network uses one backend.
    for (let rep = 0; rep < task.reps; rep++) for (const contender of CONTENDERS) if (contender !== 'ts') await measure(contender, rep);
    for (let rep = 0; rep < task.reps; rep++) await measure('ts', rep);
    for (const [contender, values] of samples) if (values.length) results[t].set(contender, median(values));
  }
  threads(false);

  const ratio = (task: Task, ours: number | undefined, peer: number | undefined) =>
    ours === undefined || peer === undefined || task.unit === 'accuracy' || task.ratios === false ? '—' : (ours / peer).toFixed(2);
  const table = [
    ['task', ...CONTENDERS.map((c) => HEADINGS[c]), 'wasm×1/numpy×1', 'wasm×2/numpy×2', 'wasm×1/torch×1', 'wasm×2/torch×1'],
    ...tasks.map((task, t) => {
      const r = results[t];
      return [
        task.name,
        ...CONTENDERS.map((c) => cell(task, r.get(c))),
        ratio(task, r.get('wasm1'), r.get('numpy1')),
        ratio(task, r.get('wasm2'), r.get('numpy2')),
        ratio(task, r.get('wasm1'), r.get('torch')),
        ratio(task, r.get('wasm2'), r.get('torch')),
      ];
    }),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]) => `| ${row.map((text, c) => text.padEnd(widths[c])).join(' | ')} |`;
  console.log('');
  console.log(
    `Kernel backends vs peers, float32, median of ${reps} interleaved runs (accuracy: one run); ×N = threads; ${availableParallelism()} CPUs (${cpuDescription()}), 1-minute load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after.`,
  );
  console.log(
    'Ratios are wasm time / peer time (below 1: wasm is faster; for samples/s, the inverse of the rate ratio); the last one sets our two threads against PyTorch on one, as issue 7 states its target.',
  );
  console.log(line(table[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table.slice(1)) console.log(line(row));
  for (const note of notes) console.log(note);

  const measured: Measured = (row, contender) => {
    const t = tasks.findIndex((task) => task.target === row);
    const value = t < 0 ? undefined : results[t].get(contender);
    return value !== undefined && row === 'images' ? IMAGE_SAMPLES / value : value;
  };
  for (const line of formatIssue7Checks(issue7Checks(measured))) console.log(line);
}
