import { availableParallelism, loadavg } from 'node:os';
import { existsSync } from 'node:fs';
import type { Dataset } from '../src/shared/data/dataset';
import { useKernelThreads } from '../src/cli/kernel-threads';
import { wasmUnavailableReason } from '../src/shared/nn/kernels/wasm-module';
import type { DType } from '../src/shared/schema/names';
import { runPeer, timeSession } from './kernels-vs-peers';
import { FASHION_DIR, fashionExperiment, loadFashion } from './workloads';

// Issue 21's float64 targets: Fashion-MNIST 784-128-10, batch 64, seconds per epoch of a 5-epoch
// run (the mean of its epochs), float64 on the wasm backend against
//   - float32 on the wasm backend with the same threads (the calling thread and one helper where
//     there are two cores or more, as bench/kernels-vs-peers.ts's wasm ×2): ≤ 2.5×;
//   - PyTorch in float64 on one thread (bench/peers/mlp_torch.py --dtype float64): ≤ 2.5×.
// The three interleave (f32, f64, torch, f32, …) so a burst of load hits them alike; each figure
// is a median. Nothing is asserted: the verdicts are what this run measured.

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

type Contender = 'wasm32' | 'wasm64' | 'torch64';
const HEADINGS: Record<Contender, string> = { wasm32: 'ours wasm f32', wasm64: 'ours wasm f64', torch64: 'torch f64 ×1' };

async function measure(contender: Contender, dataset: Dataset, rep: number): Promise<number | string> {
  if (contender === 'torch64') {
    const out = runPeer('torch', 'mlp_torch.py', ['fashion', FASHION_DIR, '--epochs', '5', '--batch', '64', '--lr', '0.1', '--dtype', 'float64']);
    if (typeof out === 'string') return out;
    return out.epoch_seconds?.[0] ? mean(out.epoch_seconds[0]) : 'PyTorch output has no epoch_seconds';
  }
  const dtype: DType = contender === 'wasm64' ? 'float64' : 'float32';
  return mean((await timeSession(fashionExperiment(dtype, 'wasm', 5), dataset, rep)).epochSeconds);
}

export async function benchFloat64Targets(reps: number): Promise<void> {
  const missing = wasmUnavailableReason();
  if (missing) return console.log(`\nfloat64 targets skipped: the wasm backend cannot run here (${missing}).`);
  if (!existsSync(FASHION_DIR)) return console.log(`\nfloat64 targets skipped: ${FASHION_DIR} not found (apt-get install dataset-fashion-mnist).`);
  const dataset = await loadFashion();
  const loadBefore = loadavg()[0];
  const helpers = Math.min(1, availableParallelism() - 1);
  const samples: Record<Contender, number[]> = { wasm32: [], wasm64: [], torch64: [] };
  const notes = new Set<string>();
  for (let rep = 0; rep < reps; rep++) {
    for (const contender of Object.keys(samples) as Contender[]) {
      useKernelThreads(contender === 'torch64' ? 0 : helpers);
      const value = await measure(contender, dataset, rep);
      if (typeof value === 'string') notes.add(value);
      else samples[contender].push(value);
    }
  }
  useKernelThreads(0);
  const result = (contender: Contender) => (samples[contender].length ? median(samples[contender]) : undefined);
  console.log('');
  console.log(
    `float64 on wasm (issue 21): Fashion-MNIST 784-128-10, batch 64, seconds per epoch of a 5-epoch run, median of ${reps} interleaved runs; ours on ${helpers + 1} thread(s); ${availableParallelism()} CPUs, 1-minute load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after.`,
  );
  for (const contender of Object.keys(samples) as Contender[]) {
    const value = result(contender);
    console.log(`- ${HEADINGS[contender]}: ${value === undefined ? 'n/a' : `${value.toFixed(2)} s`} (${samples[contender].map((v) => v.toFixed(2)).join(', ')})`);
  }
  const check = (what: string, a: number | undefined, b: number | undefined) =>
    console.log(`- ${what}: ${a === undefined || b === undefined ? 'not measured' : `${(a / b).toFixed(2)}× — ${a / b <= 2.5 ? 'met' : 'NOT met'}`}`);
  check('target: wasm f64 / wasm f32 ≤ 2.5', result('wasm64'), result('wasm32'));
  check('target: wasm f64 / torch f64 ×1 ≤ 2.5', result('wasm64'), result('torch64'));
  for (const note of notes) console.log(note);
}
