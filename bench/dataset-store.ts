import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, openAppPage } from '../test/e2e/support/browser';
import { serveWebApp } from '../test/e2e/support/web-app';
import { FASHION_DIR, fashionExperiment } from './workloads';

// (h) Fashion-MNIST's 60,000 training images through the app in Chromium, as a user does it:
// import the IDX files, save (rows in blocks, pixels as bytes), train one epoch of 784-128-10
// float32 on the stored set (reading it back is part of the run's start), open the step inspector
// on a row; "Show images" reads it back too. Times, the size the app lists, and what the browser's own estimate of its storage
// moved by. One pass: the save alone takes long enough not to repeat it.

const SCREENSHOTS = process.env.DATASET_STORE_SCREENSHOTS;

async function estimate(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}

async function timed(what: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await what();
  return performance.now() - start;
}

async function timePage(): Promise<string[]> {
  const browser = await launchChromium();
  const app = await serveWebApp();
  try {
    const { page, context, errors } = await openAppPage(browser, `${app.url}#/datasets`);
    const before = await estimate(page);
    await page.getByTestId('idx-file-input').setInputFiles([join(FASHION_DIR, 'train-images-idx3-ubyte.gz'), join(FASHION_DIR, 'train-labels-idx1-ubyte.gz')]);
    const read = await timed(async () => {
      await page.getByTestId('idx-start').click();
      await page.getByTestId('idx-save').waitFor({ timeout: 300_000 });
    });
    const saved = page.locator('[data-testid="stored-dataset"][data-rows="60000"]');
    const save = await timed(async () => {
      await page.getByTestId('idx-save').click();
      if (SCREENSHOTS) {
        await page.locator('[data-testid="idx-dialog"][data-step="saving"] [data-testid="import-progress"]').waitFor();
        await page.screenshot({ path: join(SCREENSHOTS, 'dataset-saving.png') });
      }
      await saved.waitFor({ timeout: 600_000 });
    });
    // Chromium updates its usage figure lazily: a reload makes it count the new data.
    await page.reload();
    await saved.waitFor();
    const after = await estimate(page);
    const listed = (await saved.textContent())?.match(/[\d.]+ [kMG]B stored/)?.[0];
    const thumbnails = await timed(async () => {
      await saved.getByTestId('show-stored-images').click();
      await saved.getByTestId('image-thumbnails').locator('canvas').first().waitFor({ timeout: 300_000 });
    });
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'datasets-stored.png') });

    await page.getByTestId('nav-runs').click();
    const option = await page.getByTestId('dataset-select').locator('option', { hasText: /train/ }).first().getAttribute('value');
    const experiment = { ...fashionExperiment('float32', 'auto', 1), dataset: { stored: option!.slice('stored:'.length) } };
    await page.getByTestId('nav-experiments').click();
    await page.getByTestId('import-experiment').setInputFiles({ name: 'fashion-60k.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(experiment)) });
    await page.locator('[data-testid="save-state"][data-saved="true"]').waitFor();
    const train = await timed(async () => {
      await page.getByTestId('train-experiment').click();
      await page.locator('[data-testid="run-view"][data-status="done"]').waitFor({ timeout: 600_000 });
    });
    const inspect = await timed(async () => {
      await page.getByTestId('inspect-step').click();
      await page.getByTestId('step-view').waitFor({ timeout: 300_000 });
      await page.getByTestId('W-1').locator('canvas').waitFor();
    });
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'inspector-60k.png') });
    await context.close();
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    return [
      `Fashion-MNIST train (60,000 × 784) in Chromium: read and convert the IDX files ${s(read)}, save ${s(save)}, listed as ${listed}; ` +
        `the browser's storage estimate moved by ${((after - before) / 1e6).toFixed(0)} MB; "Show images" (read back in a worker) ${s(thumbnails)}`,
      `then one epoch of 784-128-10 float32 on the stored set (its start reads it back) ${s(train)}, the step inspector open on it ${s(inspect)}` +
        (errors.length ? `; page errors: ${errors.join(' | ')}` : ''),
    ];
  } finally {
    await browser.close();
    await app.close();
  }
}

export async function benchDatasetStore(): Promise<void> {
  console.log('\nStoring a large dataset');
  if (!existsSync(FASHION_DIR)) return console.log(`dataset store skipped: ${FASHION_DIR} not found`);
  for (const line of await timePage()) console.log(line);
}
