import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAppPage } from './support/browser';
import { useWebAppSuite } from './support/web-app-suite';

// An image set larger than one stored block, through the app in Chromium: IDX files of 11,000
// 28×28 images are imported, saved as three blocks of rows with the pixels as bytes (what the
// database holds is read back raw and compared with the file), listed with that stored size,
// trained on, and opened in the step inspector on a row of the last block.

const suite = useWebAppSuite();
const IMAGES = 11_000;
const PIXELS = 28 * 28;
/** 4 MiB blocks of 784 pixel bytes + a 4-byte label per row. */
const ROWS_PER_BLOCK = Math.floor((4 * 2 ** 20) / (PIXELS + 4));

const pixel = (image: number, p: number) => (p % 5 === 0 ? 0 : (image * 31 + p * 7) % 256);
const label = (image: number) => image % 10;

function idxFiles() {
  const images = Buffer.alloc(16 + IMAGES * PIXELS);
  images.writeUInt32BE(0x0803, 0);
  [IMAGES, 28, 28].forEach((n, i) => images.writeUInt32BE(n, 4 + 4 * i));
  for (let image = 0; image < IMAGES; image++) for (let p = 0; p < PIXELS; p++) images[16 + image * PIXELS + p] = pixel(image, p);
  const labels = Buffer.alloc(8 + IMAGES);
  labels.writeUInt32BE(0x0801, 0);
  labels.writeUInt32BE(IMAGES, 4);
  for (let image = 0; image < IMAGES; image++) labels[8 + image] = label(image);
  return [
    { name: 'blocks-images-idx3-ubyte.gz', mimeType: 'application/gzip', buffer: gzipSync(images) },
    { name: 'blocks-labels-idx1-ubyte.gz', mimeType: 'application/gzip', buffer: gzipSync(labels) },
  ];
}

/** The stored blocks of the one dataset as the database holds them: sizes, and the first and last row of each. */
function storedBlocks(page: Page) {
  return page.evaluate(async (pixels) => {
    const request = indexedDB.open('nn-workbench');
    const db: IDBDatabase = await new Promise((ok, fail) => {
      request.onsuccess = () => ok(request.result);
      request.onerror = () => fail(request.error);
    });
    const all = db.transaction('datasetChunks').objectStore('datasetChunks').getAll();
    const chunks: { index: number; x: ArrayBuffer; labels: ArrayBuffer }[] = await new Promise((ok) => (all.onsuccess = () => ok(all.result)));
    db.close();
    return chunks.map((c) => ({
      index: c.index,
      bytes: c.x.byteLength,
      rows: c.labels.byteLength / 4,
      firstRow: Array.from(new Uint8Array(c.x, 0, pixels)),
      lastRow: Array.from(new Uint8Array(c.x, c.x.byteLength - pixels)),
      lastLabels: Array.from(new Int32Array(c.labels).slice(-3)),
    }));
  }, PIXELS);
}

describe('a dataset stored in blocks', () => {
  it('saves 11,000 images as three blocks of pixel bytes, lists their stored size, trains and inspects a row of the last block', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, `${suite.app.url}#/datasets`);
    await page.getByTestId('idx-file-input').setInputFiles(idxFiles());
    await page.getByTestId('idx-start').click();
    await page.getByTestId('idx-save').click({ timeout: 60_000 });
    const saved = page.locator('[data-testid="stored-dataset"][data-name="blocks"]');
    await saved.waitFor({ timeout: 60_000 });

    const blocks = await storedBlocks(page);
    expect(blocks.map((b) => [b.index, b.bytes, b.rows])).toEqual([
      [0, ROWS_PER_BLOCK * PIXELS, ROWS_PER_BLOCK],
      [1, ROWS_PER_BLOCK * PIXELS, ROWS_PER_BLOCK],
      [2, (IMAGES - 2 * ROWS_PER_BLOCK) * PIXELS, IMAGES - 2 * ROWS_PER_BLOCK],
    ]);
    const last = blocks[2];
    const first = 2 * ROWS_PER_BLOCK;
    expect(last.firstRow).toEqual(Array.from({ length: PIXELS }, (_, p) => pixel(first, p)));
    expect(last.lastRow).toEqual(Array.from({ length: PIXELS }, (_, p) => pixel(IMAGES - 1, p)));
    expect(last.lastLabels).toEqual([7, 8, 9]);

    // 784 pixel bytes + a label + a split index per image: the list and the page total agree.
    expect(await saved.textContent()).toContain('8.7 MB stored');
    expect(await page.getByTestId('storage-datasets').textContent()).toBe('Imported datasets: 8.7 MB stored');

    await page.getByTestId('nav-runs').click();
    const option = page.getByTestId('dataset-select').locator('option', { hasText: 'blocks' });
    await page.getByTestId('dataset-select').selectOption((await option.getAttribute('value'))!);
    expect(await page.getByTestId('stored-dataset-info').textContent()).toMatch(/^11,000 rows × 784 features · 10 classes/);
    await page.getByTestId('epochs').fill('1');
    await page.getByTestId('train-button').click();
    await page.locator('[data-testid="run-view"][data-status="done"]').waitFor({ timeout: 120_000 });

    await page.getByTestId('inspect-step').click();
    await page.getByTestId('inspector-mode').selectOption('rows');
    await page.getByTestId('inspector-rows').fill(String(IMAGES - 1));
    await page.locator(`[data-testid="step-view"][data-rows="${IMAGES - 1}"]`).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('A_prev-1').getAttribute('data-rows')).toBe(String(PIXELS));
    const y = await page.getByTestId('Y').locator('td').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    expect(y).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
