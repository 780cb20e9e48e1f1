import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openAppPage, expectCount } from './support/browser';
import { serveWebApp, type WebApp } from './support/web-app';

// Importing datasets in a real Chromium against the production web build: a CSV file through the
// file chooser (with a wrong target guess fixed by hand), kept across a reload and trained on; an
// image folder with a broken PNG, reported by name; bad files refused with a message.
// The CSV dataset is then renamed and deleted; the run trained on it stays.

const FIXTURES = resolve(import.meta.dirname, '../fixtures');

let app: WebApp;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  app = await serveWebApp();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const stored = (page: Page, name: string) => page.locator(`[data-testid="stored-dataset"][data-name="${name}"]`);

describe('importing datasets', () => {
  it('imports a CSV file, keeps it across a reload with the same shape, trains on it, renames and deletes it', async () => {
    const { page, context, errors } = await openAppPage(browser, `${app.url}#/datasets`);
    await page.getByTestId('csv-file-input').setInputFiles(resolve(FIXTURES, 'import/penguins.csv'));
    await page.locator('[data-testid="csv-wizard"][data-step="configure"]').waitFor();

    // No column has a conventional target name, so the last usable one was guessed: wrong here.
    expect(await page.getByTestId('column-role-year').inputValue()).toBe('target');
    await expectCount(page.getByTestId('csv-preview').locator('tbody tr'), 8);
    expect(await page.getByTestId('column-missing-bill_length').getAttribute('data-count')).toBe('2');
    await page.getByTestId('column-role-species_name').selectOption('target');
    await page.getByTestId('column-role-year').selectOption('ignore');
    expect(await page.getByTestId('csv-task').inputValue()).toBe('classification');

    // Missing values are refused until a policy is chosen, naming the first one.
    await page.getByTestId('csv-check').click();
    await page.locator('[data-testid="csv-wizard"][data-step="configure"] [data-testid="import-error"]').waitFor();
    expect(await page.getByTestId('import-error').textContent()).toBe("penguins.csv row 9, column 'bill_length': expected a number, found 'NA'");
    expect(await page.getByTestId('column-bill_length').getAttribute('class')).toContain('has-error');
    await page.getByTestId('csv-missing').selectOption('mean');
    await page.getByTestId('csv-normalization').selectOption('standardize');
    await page.getByTestId('csv-test').fill('ten');
    await page.getByTestId('csv-check').click();
    expect(await page.getByTestId('import-error').textContent()).toBe('Test %: expected a percentage from 0 to 90');
    await page.getByTestId('csv-test').fill('10');
    await page.getByTestId('csv-check').click();

    await page.locator('[data-testid="csv-wizard"][data-step="summary"]').waitFor();
    expect(await page.getByTestId('summary-rows').textContent()).toBe('60 rows kept of 60 read; none dropped · 6 features');
    expect(await page.getByTestId('summary-filled').textContent()).toMatch(/^Column 'bill_length': 2 values filled with 4\d\.\d+$/);
    expect(await page.getByTestId('summary-split').textContent()).toBe('Split: 42 train · 12 validation · 6 test · normalization standardize (fitted on the training rows)');
    await page.getByTestId('csv-save').click();

    const saved = stored(page, 'penguins');
    await saved.waitFor();
    expect([await saved.getAttribute('data-rows'), await saved.getAttribute('data-features')]).toEqual(['60', '6']);
    expect(await saved.getByTestId('stored-dataset-shape').textContent()).toBe('60 rows × 6 features · 3 classes');

    await page.reload();
    await saved.waitFor();
    await expectCount(page.getByTestId('stored-dataset'), 1);
    expect([await saved.getAttribute('data-rows'), await saved.getAttribute('data-features')]).toEqual(['60', '6']);

    // The run form offers it; the network gets its 6 inputs and 3 classes.
    await page.getByTestId('nav-runs').click();
    const option = page.getByTestId('dataset-select').locator('option', { hasText: 'penguins' });
    await page.getByTestId('dataset-select').selectOption((await option.getAttribute('value'))!);
    expect(await page.getByTestId('stored-dataset-info').textContent()).toBe('60 rows × 6 features · 3 classes · its own validation split');
    expect(await page.getByTestId('output-select').inputValue()).toBe('softmax');
    await page.getByTestId('epochs').fill('20');
    await page.getByTestId('train-button').click();
    await page.locator('[data-testid="run-view"][data-status="done"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('run-progress').textContent()).toBe('epoch 20 of 20');

    // Renamed, then deleted: the run trained on it is mentioned, and keeps its record.
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('rename-dataset').click();
    await page.getByTestId('rename-input').fill('Palmer penguins');
    await page.getByTestId('rename-save').click();
    await stored(page, 'Palmer penguins').waitFor();
    await page.getByTestId('delete-dataset').click();
    await page.getByText('1 run was trained on it').waitFor();
    await page.getByTestId('delete-confirm').click();
    await page.getByTestId('no-stored-datasets').waitFor();
    await page.getByTestId('nav-runs').click();
    await expectCount(page.getByTestId('run-row'), 1);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('imports an image folder, naming the broken file it skipped', async () => {
    const { page, context, errors } = await openAppPage(browser, `${app.url}#/datasets`);
    await page.getByTestId('folder-input').setInputFiles(resolve(FIXTURES, 'images/shapes'));
    await page.locator('[data-testid="image-dialog"][data-step="options"]').waitFor();
    expect(await page.getByTestId('image-listing').textContent()).toBe('7 images in 2 classes: bars (4), dots (3)');
    await page.getByTestId('image-size').selectOption('custom');
    await page.getByTestId('image-custom-size').fill('8');
    await page.getByTestId('image-start').click();

    await page.locator('[data-testid="image-dialog"][data-step="summary"]').waitFor();
    const skipped = page.getByTestId('skipped-files').locator('li');
    await expectCount(skipped, 1);
    expect(await skipped.first().getAttribute('data-path')).toBe('shapes/bars/broken.png');
    expect(await skipped.first().textContent()).toContain('could not be decoded');
    const classes = page.getByTestId('thumbnail-class');
    expect(await classes.evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-class')} ${n.getAttribute('data-count')}`))).toEqual(['bars 3', 'dots 3']);
    await expectCount(page.getByTestId('image-thumbnails').locator('canvas'), 6);
    await page.getByTestId('image-save').click();

    const saved = stored(page, 'shapes');
    await saved.waitFor();
    expect([await saved.getAttribute('data-rows'), await saved.getAttribute('data-features')]).toEqual(['6', '64']);
    // The stored images can be looked at again, read back from the database.
    await saved.getByTestId('show-stored-images').click();
    await saved.getByTestId('image-thumbnails').waitFor();
    expect(await saved.getByTestId('thumbnail-class').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-count')))).toEqual(['3', '3']);
    await expectCount(saved.locator('canvas'), 6);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('composites transparent icons onto white, names the SVG, and leaves out a class with no decodable image', async () => {
    const { page, context, errors } = await openAppPage(browser, `${app.url}#/datasets`);
    await page.getByTestId('folder-input').setInputFiles(resolve(FIXTURES, 'images/icons'));
    await page.locator('[data-testid="image-dialog"][data-step="options"]').waitFor();
    expect(await page.getByTestId('image-background').inputValue()).toBe('white');
    await page.getByTestId('image-size').selectOption('custom');
    await page.getByTestId('image-custom-size').fill('8');
    await page.getByTestId('image-start').click();
    await page.locator('[data-testid="image-dialog"][data-step="summary"]').waitFor();
    expect(await page.getByTestId('transparent-images').textContent()).toBe('4 images with transparent pixels, composited onto white');
    expect(await page.getByTestId('empty-classes').textContent()).toBe('Class folders without usable images, left out of the classes: broken, vector');
    const reasons = await page.getByTestId('skipped-files').locator('li').evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-path')}: ${n.textContent}`));
    expect(reasons.filter((r) => r.includes('vector image'))).toHaveLength(2);
    expect(await page.getByTestId('thumbnail-class').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-class')))).toEqual(['disc', 'ring']);
    if (process.env.IMAGE_DIALOG_SCREENSHOT) await page.screenshot({ path: process.env.IMAGE_DIALOG_SCREENSHOT, fullPage: true });
    await page.getByTestId('image-save').click();
    const saved = stored(page, 'icons');
    await saved.waitFor();
    expect(await saved.getByTestId('stored-dataset-shape').textContent()).toBe('4 rows × 64 features · 2 classes');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses an empty file and binary data with a message naming the file', async () => {
    const { page, context } = await openAppPage(browser, `${app.url}#/datasets`);
    await page.getByTestId('csv-file-input').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
    await page.getByTestId('import-error').waitFor();
    expect(await page.getByTestId('import-error').textContent()).toBe('empty.csv: the file is empty');
    await page.getByRole('button', { name: 'Close' }).click();

    const binary = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 37 + 11) % 256));
    await page.getByTestId('csv-file-input').setInputFiles({ name: 'photo.csv', mimeType: 'text/csv', buffer: binary });
    await page.getByTestId('import-error').waitFor();
    expect(await page.getByTestId('import-error').textContent()).toBe(
      'photo.csv: the file is not text (it contains binary data); expected a CSV file of comma-, semicolon-, tab-, pipe- or space-separated values',
    );
    expect(await page.getByTestId('no-stored-datasets').isVisible()).toBe(true);
    await context.close();
  });
});
