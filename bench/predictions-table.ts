import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { computePredictions } from '../src/renderer/src/features/predictions/compute-predictions';
import { FASHION_MNIST_CLASSES, readIdxDataset } from '../src/shared/data/idx';
import { ExperimentSchema } from '../src/shared/schema/experiment';
import type { DType } from '../src/shared/schema/names';
import { launchChromium, openAppPage } from '../test/e2e/support/browser';
import { serveWebApp } from '../test/e2e/support/web-app';
import { FASHION_DIR, fashionExperiment } from './workloads';

// (g) The predictions table of 10,000 Fashion-MNIST rows (the t10k set, no held-out rows) on
// 784-128-10 relu/softmax after one epoch (issue 18's target: well under a second). In Node: the
// worker's computation (every row through the engine's predictRows, plus the pixels for the
// thumbnails). In Chromium, against the web build, with the t10k files imported on the Datasets
// page and the experiment trained in the app: from "Show predictions" to the first rows drawn
// (worker start, dataset read from IndexedDB, prediction, transfer, drawing), then re-sorting all
// 10,000 rows, filtering to the mistakes and jumping to the middle of the list, each until the
// next frame is painted. float64 (the run form's default, ts kernels) and float32 (auto: wasm).
// Medians of `reps`. Alone: npx tsx -e "import('./bench/predictions-table.ts').then((m) => m.benchPredictionsTable(3))"

const ROWS = 10_000;
const ROW_HEIGHT = 34;
const DTYPES: DType[] = ['float64', 'float32'];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (values: number[]) => `${median(values).toFixed(0)} ms`;

function experimentFor(dtype: DType, stored?: string) {
  const base = fashionExperiment(dtype, 'auto', 1);
  return { ...base, dataset: stored ? { stored } : base.dataset, training: { ...base.training, validationSplit: 0 } };
}

async function timeEngine(reps: number): Promise<string[]> {
  const read = (file: string) => readFileSync(join(FASHION_DIR, file));
  const dataset = await readIdxDataset(read('t10k-images-idx3-ubyte.gz'), read('t10k-labels-idx1-ubyte.gz'), {
    imagesFile: 't10k-images',
    labelsFile: 't10k-labels',
    classes: FASHION_MNIST_CLASSES,
  });
  return DTYPES.map((dtype) => {
    const experiment = ExperimentSchema.parse(experimentFor(dtype));
    const times: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const start = performance.now();
      computePredictions({ kind: 'run', experiment }, dataset);
      times.push(performance.now() - start);
    }
    return `predictions table, ${ROWS.toLocaleString('en-US')} Fashion-MNIST rows, 784-128-10 ${dtype}, Node: computed in ${ms(times)}`;
  });
}

/** Milliseconds from running `act` in the page until two animation frames later (the change is painted). */
function untilPainted(page: Page, act: string): Promise<number> {
  return page.evaluate(async (code) => {
    const start = performance.now();
    new Function(code)();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return performance.now() - start;
  }, act);
}

const click = (testId: string) => `document.querySelector('[data-testid="${testId}"]').click()`;

/** Imports Fashion-MNIST's t10k files without held-out rows; returns the stored dataset's id. */
async function importTestSet(page: Page): Promise<string> {
  await page.getByTestId('nav-datasets').click();
  await page.getByTestId('idx-file-input').setInputFiles([join(FASHION_DIR, 't10k-images-idx3-ubyte.gz'), join(FASHION_DIR, 't10k-labels-idx1-ubyte.gz')]);
  await page.getByTestId('idx-validation').fill('0');
  await page.getByTestId('idx-start').click();
  await page.getByTestId('idx-save').click({ timeout: 120_000 });
  await page.locator(`[data-testid="stored-dataset"][data-rows="${ROWS}"]`).waitFor({ timeout: 120_000 });
  await page.getByTestId('nav-runs').click();
  const option = await page.getByTestId('dataset-select').locator('option', { hasText: /t10k/ }).first().getAttribute('value');
  return option!.slice('stored:'.length);
}

async function trainIn(page: Page, dtype: DType, stored: string): Promise<void> {
  await page.getByTestId('nav-experiments').click();
  const json = JSON.stringify(experimentFor(dtype, stored));
  await page.getByTestId('import-experiment').setInputFiles({ name: `fashion-${dtype}.json`, mimeType: 'application/json', buffer: Buffer.from(json) });
  await page.locator('[data-testid="save-state"][data-saved="true"]').waitFor();
  await page.getByTestId('train-experiment').click();
  await page.locator('[data-testid="run-view"][data-status="done"]').waitFor({ timeout: 300_000 });
}

async function timePage(reps: number): Promise<string[]> {
  const browser = await launchChromium();
  const app = await serveWebApp();
  try {
    const { page, context } = await openAppPage(browser, app.url);
    const stored = await importTestSet(page);
    const lines: string[] = [];
    for (const dtype of DTYPES) {
      await trainIn(page, dtype, stored);
      const run = page.url();
      const shown: number[] = [];
      const sort: number[] = [];
      const filter: number[] = [];
      const jump: number[] = [];
      for (let rep = 0; rep < reps; rep++) {
        // A fresh page each time: nothing computed or drawn yet.
        await page.goto(run);
        await page.reload();
        const start = performance.now();
        await page.getByTestId('show-predictions').click();
        await page.getByTestId('prediction-row').first().waitFor({ timeout: 120_000 });
        shown.push(performance.now() - start);
        const rows = Number(await page.getByTestId('predictions-summary').getAttribute('data-rows'));
        if (rows !== ROWS) throw new Error(`expected a table of ${ROWS} rows, got ${rows}`);
        sort.push(await untilPainted(page, click('sort-row')));
        await untilPainted(page, click('sort-loss'));
        filter.push(await untilPainted(page, click('predictions-mistakes')));
        await untilPainted(page, click('predictions-mistakes'));
        jump.push(await untilPainted(page, `document.querySelector('[data-testid="predictions-table"]').scrollTop = ${(ROWS / 2) * ROW_HEIGHT}`));
      }
      lines.push(
        `predictions table, ${ROWS.toLocaleString('en-US')} Fashion-MNIST rows, 784-128-10 ${dtype}, Chromium: "Show predictions" to the first rows drawn ${ms(shown)}; ` +
          `then painted after sorting all rows ${ms(sort)}, filtering to the mistakes ${ms(filter)}, jumping to the middle ${ms(jump)} (medians of ${reps})`,
      );
    }
    await context.close();
    return lines;
  } finally {
    await browser.close();
    await app.close();
  }
}

export async function benchPredictionsTable(reps: number): Promise<void> {
  console.log('\nPredictions table');
  if (!existsSync(FASHION_DIR)) return console.log(`predictions table skipped: ${FASHION_DIR} not found`);
  for (const line of [...(await timeEngine(reps)), ...(await timePage(reps))]) console.log(line);
}
