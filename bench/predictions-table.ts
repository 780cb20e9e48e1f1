import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, openAppPage } from '../test/e2e/support/browser';
import { serveWebApp } from '../test/e2e/support/web-app';
import { FASHION_DIR } from './workloads';

// npx tsx bench/predictions-table.ts: the predictions table of 10,000 Fashion-MNIST rows in
// Chromium against the web build. Imports Fashion-MNIST's test set (t10k, 10,000 images) as a
// dataset without held-out rows, trains 784-128-10 relu/softmax for one epoch, then times
//   - "Show predictions" until the first rows are drawn: the worker reads the dataset from
//     IndexedDB, predicts every row, hands the table over, and the page draws it;
//   - re-sorting all 10,000 rows by another column, filtering to the mistakes and back, and
//     jumping to the middle of the list, each until the next frame is painted (medians of 5).
// Not a test: the numbers depend on the machine and whatever else it runs.

const REPS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Milliseconds from running `act` in the page until two animation frames later (the change is painted). */
async function untilPainted(page: Page, act: string): Promise<number> {
  return page.evaluate(async (code) => {
    const start = performance.now();
    new Function(code)();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return performance.now() - start;
  }, act);
}

const click = (testId: string) => `document.querySelector('[data-testid="${testId}"]').click()`;

async function main() {
  const browser = await launchChromium();
  const app = await serveWebApp();
  try {
    const { page, errors } = await openAppPage(browser, app.url);
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('idx-file-input').setInputFiles([join(FASHION_DIR, 't10k-images-idx3-ubyte.gz'), join(FASHION_DIR, 't10k-labels-idx1-ubyte.gz')]);
    await page.getByTestId('idx-validation').fill('0');
    await page.getByTestId('idx-start').click();
    await page.getByTestId('idx-save').click({ timeout: 120_000 });
    const stored = page.locator('[data-testid="stored-dataset"][data-rows="10000"]');
    await stored.waitFor({ timeout: 120_000 });

    await page.getByTestId('nav-runs').click();
    const option = await page.getByTestId('dataset-select').locator('option', { hasText: /t10k/ }).first().getAttribute('value');
    await page.getByTestId('dataset-select').selectOption(option!);
    await page.getByTestId('remove-layer-1').click();
    await page.getByTestId('layer-units-0').fill('128');
    await page.getByTestId('layer-activation-0').selectOption('relu');
    await page.getByTestId('epochs').fill('1');
    await page.getByTestId('batch-size').fill('64');
    await page.getByTestId('validation-percent').fill('0');
    await page.getByTestId('train-button').click();
    await page.locator('[data-testid="run-view"][data-status="done"]').waitFor({ timeout: 300_000 });

    const start = performance.now();
    await page.getByTestId('show-predictions').click();
    await page.getByTestId('prediction-row').first().waitFor({ timeout: 120_000 });
    const shown = performance.now() - start;
    const rows = Number(await page.getByTestId('predictions-summary').getAttribute('data-rows'));
    if (rows !== 10_000) throw new Error(`expected a table of 10,000 rows, got ${rows}`);

    const sort: number[] = [];
    const filter: number[] = [];
    const jump: number[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      sort.push(await untilPainted(page, click('sort-row')));
      await untilPainted(page, click('sort-loss'));
      filter.push(await untilPainted(page, click('predictions-mistakes')));
      await untilPainted(page, click('predictions-mistakes'));
      jump.push(await untilPainted(page, `const box = document.querySelector('[data-testid="predictions-table"]'); box.scrollTop = box.scrollTop > 0 ? 0 : 5000 * 34;`));
    }
    console.log('Predictions table, 10,000 Fashion-MNIST rows, 784-128-10 (float64), Chromium:');
    console.log(`  Show predictions → first rows drawn (worker: read, predict, transfer; page: draw): ${(shown / 1000).toFixed(2)} s`);
    console.log(`  sort all rows by another column, painted: ${median(sort).toFixed(0)} ms (median of ${REPS})`);
    console.log(`  filter to the mistakes, painted: ${median(filter).toFixed(0)} ms`);
    console.log(`  jump to the middle of the list, painted: ${median(jump).toFixed(0)} ms`);
    if (errors.length) console.log('  page errors:', errors);
  } finally {
    await browser.close();
    await app.close();
  }
}

await main();
