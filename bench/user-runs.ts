import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { loadDataset } from '../src/cli/load-dataset';
import { useKernelThreads } from '../src/cli/kernel-threads';
import { runSession } from '../src/shared/engine/session';
import { wasmUnavailableReason } from '../src/shared/nn/kernels/wasm-module';
import { ExperimentSchema, type ExperimentInput } from '../src/shared/schema/experiment';
import { launchChromium, openAppPage } from '../test/e2e/support/browser';
import { serveWebApp } from '../test/e2e/support/web-app';
import { FASHION_DIR, fashionExperiment } from './workloads';

// (i) What users run (issue 21): Fashion-MNIST train (60,000 images) 784-128-10 relu/softmax,
// float32, SGD 0.1, batch 64, validationSplit 0, 5 epochs, trained four ways, interleaved:
//   cli      `nn-workbench train exp.json --metrics m.jsonl`, the real process (helper threads as
//            it picks them); its epochs from the metrics file's epochSeconds, and its wall time
//   engine   runSession in this process on the same, already loaded, data (the same threads)
//   torch    a bare PyTorch training epoch, one thread, no evaluation (bench/peers/torch_bare_epoch.py)
//   browser  the web build in Chromium (playwright-core, as the e2e tests drive it): the data
//            imported once on the Datasets page, each run from an imported experiment; its
//            epochs' epochSeconds read back from the app's IndexedDB
// Each epoch includes what the product does per epoch (its running training metrics by default,
// the diagnostics); the first epoch also includes a run's one-time work (on wasm, compressing the
// dataset into lists). Medians of `reps` per cell. Beside: the CLI process's time outside its
// epochs, split into Node and bundle start-up (`--version`), reading the dataset (loadDataset in
// this process) and the rest (preparing the run, writing the files).
// Alone: npx tsx -e "import('./bench/user-runs.ts').then((m) => m.benchUserRuns(require('node:fs').mkdtempSync('/tmp/nn-bench-'), 3))"

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin/nn-workbench.js');
const TORCH_PEER = join(import.meta.dirname, 'peers/torch_bare_epoch.py');
const EPOCHS = 5;

type Contender = 'cli' | 'engine' | 'torch' | 'browser';
const CONTENDERS: Contender[] = ['cli', 'engine', 'torch', 'browser'];

/**
 * One run of a contender: its epochs' seconds; where it has them, the wall time around the run and
 * the training loop's own total (the last epoch's `seconds`: from the loop's start, so it also holds
 * what happens between epochs — epoch 0 and the network views in the app).
 */
interface Measurement {
  epochs: number[];
  wall?: number;
  loop?: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const steady = (epochs: number[]) => mean(epochs.slice(1));

/** The experiment on Fashion-MNIST train from its files, or on the copy stored in the app. */
function experiment(seed: number, stored?: string): ExperimentInput {
  const base = fashionExperiment('float32', 'auto', EPOCHS);
  const idx = { images: join(FASHION_DIR, 'train-images-idx3-ubyte.gz'), labels: join(FASHION_DIR, 'train-labels-idx1-ubyte.gz') };
  return { ...base, dataset: stored ? { stored } : { idx }, training: { ...base.training, seed, validationSplit: 0 } };
}

function timeCli(scratch: string, seed: number): Measurement | string {
  const file = join(scratch, `fashion-${seed}.experiment.json`);
  const metrics = join(scratch, `fashion-${seed}.metrics.jsonl`);
  writeFileSync(file, JSON.stringify(experiment(seed)));
  const start = performance.now();
  const run = spawnSync(process.execPath, [CLI, 'train', file, '--metrics', metrics], { encoding: 'utf8' });
  const wall = (performance.now() - start) / 1000;
  if (run.status !== 0) return `cli failed: ${run.stderr.trim().split('\n').at(-1)}`;
  const lines = readFileSync(metrics, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { epochSeconds: number; totalSeconds: number });
  rmSync(metrics);
  return { epochs: lines.map((line) => line.epochSeconds), wall, loop: lines.at(-1)!.totalSeconds };
}

type Loaded = Awaited<ReturnType<typeof loadDataset>>;

async function timeEngine(dataset: Loaded, seed: number): Promise<Measurement> {
  const epochs: number[] = [];
  let loop = 0;
  const start = performance.now();
  const result = await runSession(ExperimentSchema.parse(experiment(seed)), dataset, {
    onEpoch: (e) => {
      epochs.push(e.epochSeconds!);
      loop = e.seconds;
    },
  });
  if (result.status !== 'done') throw new Error(`engine run ended ${result.status}: ${result.message}`);
  return { epochs, wall: (performance.now() - start) / 1000, loop };
}

function timeTorch(seed: number): Measurement | string {
  const run = spawnSync('/usr/bin/python3', [TORCH_PEER, FASHION_DIR, '--epochs', String(EPOCHS), '--batch', '64', '--lr', '0.1', '--seed', String(seed)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (run.error) return `PyTorch unavailable: ${run.error.message}`;
  if (run.status !== 0) return `PyTorch unavailable: ${run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`}`;
  return { epochs: (JSON.parse(run.stdout) as { epoch_seconds: number[] }).epoch_seconds };
}

/** The browser side: one page with Fashion-MNIST train imported (no held-out rows). */
async function openBrowserHost() {
  const browser = await launchChromium();
  const app = await serveWebApp();
  const { page, context } = await openAppPage(browser, app.url);
  await page.getByTestId('nav-datasets').click();
  await page.getByTestId('idx-file-input').setInputFiles([join(FASHION_DIR, 'train-images-idx3-ubyte.gz'), join(FASHION_DIR, 'train-labels-idx1-ubyte.gz')]);
  await page.getByTestId('idx-validation').fill('0');
  await page.getByTestId('idx-start').click();
  await page.getByTestId('idx-save').click({ timeout: 300_000 });
  await page.locator('[data-testid="stored-dataset"][data-rows="60000"]').waitFor({ timeout: 300_000 });
  await page.getByTestId('nav-runs').click();
  const option = await page.getByTestId('dataset-select').locator('option', { hasText: /train/ }).first().getAttribute('value');
  const stored = option!.slice('stored:'.length);
  return {
    measure: (seed: number) => timeBrowser(page, stored, seed),
    async close() {
      await context.close();
      await browser.close();
      await app.close();
    },
  };
}

async function timeBrowser(page: Page, stored: string, seed: number): Promise<Measurement> {
  await page.getByTestId('nav-experiments').click();
  const json = JSON.stringify({ name: `fashion seed ${seed}`, ...experiment(seed, stored) });
  await page.getByTestId('import-experiment').setInputFiles({ name: `fashion-${seed}.json`, mimeType: 'application/json', buffer: Buffer.from(json) });
  await page.locator('[data-testid="save-state"][data-saved="true"]').waitFor();
  const start = performance.now();
  await page.getByTestId('train-experiment').click();
  const done = page.locator('[data-testid="run-view"][data-status="done"]');
  await done.waitFor({ timeout: 600_000 });
  const wall = (performance.now() - start) / 1000;
  const runId = await done.getAttribute('data-run-id');
  // The epochs as the app stored them (epoch 0, the initial weights, is no training epoch).
  const events = await page.evaluate(
    (id) =>
      new Promise<{ epochSeconds: number; seconds: number }[]>((resolve, reject) => {
        const open = indexedDB.open('nn-workbench');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('epochs').objectStore('epochs').getAll(IDBKeyRange.bound([id, 1], [id, Infinity]));
          request.onerror = () => reject(request.error);
          request.onsuccess = () => resolve((request.result as { event: { epochSeconds: number; seconds: number } }[]).map((record) => record.event));
        };
      }),
    runId,
  );
  return { epochs: events.map((e) => e.epochSeconds), wall, loop: events.at(-1)!.seconds };
}

/** Seconds of `nn-workbench --version`: Node's start, the bundle's freshness check and loading it. */
function cliStartup(): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`nn-workbench --version failed: ${run.stderr}`);
  return (performance.now() - start) / 1000;
}

export async function benchUserRuns(scratch: string, reps: number): Promise<void> {
  console.log('\nWhat users run: Fashion-MNIST train 784-128-10 float32, batch 64, validationSplit 0, 5 epochs');
  if (!existsSync(FASHION_DIR)) return console.log(`skipped: ${FASHION_DIR} not found (apt-get install dataset-fashion-mnist)`);
  const missing = wasmUnavailableReason();
  if (missing) return console.log(`skipped: the wasm backend is unavailable (${missing})`);
  const loadBefore = loadavg()[0];
  const file = join(scratch, 'fashion-load.experiment.json');
  const loadStart = performance.now();
  const dataset = await loadDataset(ExperimentSchema.parse(experiment(0)), file, () => {});
  const datasetLoad = (performance.now() - loadStart) / 1000;
  useKernelThreads();
  const browser = await openBrowserHost();
  const runs = new Map<Contender, Measurement[]>(CONTENDERS.map((c) => [c, []]));
  const notes = new Set<string>();
  const startups: number[] = [];
  try {
    for (let rep = 0; rep < reps; rep++) {
      // Each repetition starts with another contender, so none always runs right after the browser.
      for (const contender of [...CONTENDERS.slice(rep % CONTENDERS.length), ...CONTENDERS.slice(0, rep % CONTENDERS.length)]) {
        const measured =
          contender === 'cli'
            ? timeCli(scratch, rep)
            : contender === 'engine'
              ? await timeEngine(dataset, rep)
              : contender === 'browser'
                ? await browser.measure(rep)
                : timeTorch(rep);
        if (typeof measured === 'string') notes.add(measured);
        else runs.get(contender)!.push(measured);
      }
      startups.push(cliStartup());
    }
  } finally {
    await browser.close();
  }

  const cell = (contender: Contender, of: (m: Measurement) => number | undefined) => {
    const values = runs.get(contender)!.map(of).filter((v): v is number => v !== undefined);
    return values.length ? median(values) : undefined;
  };
  const figures = {
    first: (c: Contender) => cell(c, (m) => m.epochs[0]),
    steady: (c: Contender) => cell(c, (m) => steady(m.epochs)),
    wall: (c: Contender) => cell(c, (m) => m.wall),
    outside: (c: Contender) => cell(c, (m) => (m.wall === undefined ? undefined : m.wall - m.epochs.reduce((sum, s) => sum + s, 0))),
    beforeLoop: (c: Contender) => cell(c, (m) => (m.wall === undefined || m.loop === undefined ? undefined : m.wall - m.loop)),
    betweenEpochs: (c: Contender) => cell(c, (m) => (m.loop === undefined ? undefined : m.loop - m.epochs.reduce((sum, s) => sum + s, 0))),
  };
  const s = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(2)} s`);
  const table = [
    ['', ...CONTENDERS],
    ['first epoch (one-time work in it)', ...CONTENDERS.map((c) => s(figures.first(c)))],
    ['steady epoch (mean of epochs 2–5)', ...CONTENDERS.map((c) => s(figures.steady(c)))],
    ['run wall time (process / click to done)', ...CONTENDERS.map((c) => s(figures.wall(c)))],
    ['of it outside the epochs', ...CONTENDERS.map((c) => s(figures.outside(c)))],
    ['  before the training loop starts', ...CONTENDERS.map((c) => s(figures.beforeLoop(c)))],
    ['  in the loop between epochs', ...CONTENDERS.map((c) => s(figures.betweenEpochs(c)))],
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]) => `| ${row.map((text, c) => text.padEnd(widths[c])).join(' | ')} |`;
  console.log(
    `Medians of ${reps} interleaved runs; ${availableParallelism()} CPUs, 1-minute load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after (other work on the machine slows every column alike only roughly).`,
  );
  console.log(line(table[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table.slice(1)) console.log(line(row));
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}×`);
  console.log(`- nn-workbench train / PyTorch (bare epoch, one thread), steady epoch: ${ratio(figures.steady('cli'), figures.steady('torch'))} (target ≤ 1.0×); first epoch: ${ratio(figures.first('cli'), figures.first('torch'))}`);
  console.log(
    `- browser / in-process engine: steady epoch ${ratio(figures.steady('browser'), figures.steady('engine'))}, first epoch ${ratio(figures.first('browser'), figures.first('engine'))}`,
  );
  console.log(`- nn-workbench train / in-process engine, steady epoch: ${ratio(figures.steady('cli'), figures.steady('engine'))}`);
  const outside = figures.outside('cli');
  if (outside !== undefined) {
    const startup = median(startups);
    console.log(
      `- the CLI process outside its epochs ${s(outside)}: start-up (nn-workbench --version) ${s(startup)}, reading the dataset ${s(datasetLoad)} (in this process, once), the rest ${s(outside - startup - datasetLoad)} (preparing the run, writing the metrics lines)`,
    );
  }
  for (const note of notes) console.log(note);
}
