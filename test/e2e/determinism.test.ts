import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostTable, mathTable, tableHex, type Table } from './support/math-table';
import { launchChromium, openAppPage } from './support/browser';
import { serveWebApp, type WebApp } from './support/web-app';

// Same seed ⇒ same bits on every engine. Node 20 (the CLI) and Chromium run different V8s whose
// Math.exp, log, sin, … differ in the last bit; the project's own functions must not. Checked two
// ways: a table of results computed in a Chromium Web Worker against the same table in Node, and
// one experiment trained by the CLI and by the browser build, compared as weights files.

const ROOT = resolve(import.meta.dirname, '../..');

let app: WebApp;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launchChromium();
  app = await serveWebApp();
  dir = mkdtempSync(join(tmpdir(), 'nn-determinism-'));
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sha256 = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');

/** Entries (of 8 bytes) that differ between two tables of the same layout, per section. */
function differences(table: Table, hexA: string, hexB: string): Record<string, number> {
  const counts: Record<string, number> = {};
  let index = 0;
  for (const { name, length } of table.sections) {
    for (let i = 0; i < length; i++, index++) {
      if (hexA.slice(16 * index, 16 * index + 16) !== hexB.slice(16 * index, 16 * index + 16)) counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  return counts;
}

/** The tables computed in a Web Worker of a fresh Chromium page, as hex. */
async function tablesInWorker(page: Page): Promise<{ ours: string; host: string }> {
  const bundle = await build({
    stdin: {
      contents: `import { hostTable, mathTable, tableHex } from './math-table';
        postMessage({ ours: tableHex(mathTable()), host: tableHex(hostTable()) });`,
      resolveDir: resolve(import.meta.dirname, 'support'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  const source = bundle.outputFiles[0].text;
  return page.evaluate(
    (code) =>
      new Promise<{ ours: string; host: string }>((done, fail) => {
        const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
        worker.onmessage = (event) => {
          worker.terminate();
          done(event.data);
        };
        worker.onerror = (event) => fail(new Error(event.message));
      }),
    source,
  );
}

// 2 → 16 tanh → 16 sigmoid → 3 softmax on three spirals: exp in sigmoid and softmax, tanh, log in
// the loss (it picks the best epoch), Box–Muller's log/sin/cos in xavierNormal, sin/cos in the
// data, pow in the schedule and in Adam's bias corrections.
function experiment(dtype: 'float64' | 'float32', optimizer: 'adam' | 'momentum', backend: 'ts' | 'wasm') {
  return {
    name: `determinism ${dtype} ${optimizer} ${backend}`,
    dataset: { synthetic: 'spirals', samples: 300, noise: 0.1, classes: 3, seed: 3 },
    model: {
      layers: [
        { units: 16, activation: 'tanh' },
        { units: 16, activation: 'sigmoid' },
        { units: 3, activation: 'softmax' },
      ],
      init: { name: 'xavierNormal' },
      biasInit: { name: 'constant', value: 0.01 },
      loss: 'categoricalCrossEntropy',
    },
    training: {
      optimizer: optimizer === 'adam' ? { name: 'adam', learningRate: 0.01 } : { name: 'momentum', learningRate: 0.1, momentum: 0.9 },
      schedule: { name: 'exponential', rate: 0.97 },
      batchSize: 16,
      epochs: 25,
      seed: 11,
      dtype,
      backend,
      validationSplit: 0.2,
      earlyStopping: { patience: 100 },
    },
  };
}

/** Trains the experiment file with the CLI; the weights file's text. */
function trainWithCli(file: string): string {
  const out = join(dir, `${file}.weights.json`);
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/nn-workbench.js'), 'train', join(dir, file), '--out', out], { encoding: 'utf8', timeout: 120_000 });
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(out, 'utf8');
}

/** Imports the experiment file in the web app, trains it in the browser's Web Worker, and exports its weights. */
async function trainInBrowser(file: string): Promise<string> {
  const { page, context, errors } = await openAppPage(browser, app.url);
  await page.getByTestId('nav-experiments').click();
  await page.getByTestId('import-experiment').setInputFiles(join(dir, file));
  await page.getByTestId('experiment-editor').waitFor();
  await page.locator('[data-testid="save-state"][data-saved="true"]').waitFor();
  await page.getByTestId('train-experiment').click();
  await page.locator('[data-testid="run-view"][data-status="done"]').waitFor({ timeout: 120_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-weights').click()]);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(errors).toEqual([]);
  await context.close();
  return text;
}

describe('the same bits in Node and in Chromium', () => {
  it('computes the elementary functions, seeded normals and synthetic data to the same bits in a Web Worker as in Node', async () => {
    const { page, context } = await openAppPage(browser, 'about:blank');
    const inWorker = await tablesInWorker(page);
    await context.close();
    const table = mathTable();
    const inNode = tableHex(table);
    expect(inWorker.ours.length).toBe(inNode.length);
    expect(differences(table, inWorker.ours, inNode)).toEqual({});
    expect(sha256(inWorker.ours)).toBe(sha256(inNode));
    // What the host's own maths would have given (not asserted: it depends on the two V8 versions).
    const host = hostTable();
    console.log('host Math results that differ between Node and Chromium:', differences(host, inWorker.host, tableHex(host)));
  });

  for (const [dtype, optimizer, backend] of [
    ['float64', 'momentum', 'ts'],
    ['float64', 'adam', 'wasm'],
    ['float32', 'adam', 'wasm'],
  ] as const) {
    it(`trains a ${dtype} experiment with ${optimizer} on ${backend} to the same weights file with the CLI and in the browser`, async () => {
      const file = `determinism-${dtype}-${optimizer}-${backend}.experiment.json`;
      writeFileSync(join(dir, file), JSON.stringify(experiment(dtype, optimizer, backend), null, 2));
      const fromCli = trainWithCli(file);
      const fromBrowser = await trainInBrowser(file);
      const layers = (text: string) => JSON.stringify(JSON.parse(text).layers);
      expect(layers(fromBrowser)).toBe(layers(fromCli));
      expect(fromBrowser).toBe(fromCli);
    });
  }
});
