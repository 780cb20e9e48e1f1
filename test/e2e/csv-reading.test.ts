import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openAppPage } from './support/browser';
import { serveWebApp, type WebApp } from './support/web-app';

// The CSV wizard's reading choices through the real file chooser: files as people have them —
// scikit-learn's own CSVs (a metadata first line; gzip; whitespace-separated), a spreadsheet
// export with decimal commas read wrongly then fixed by the proposed format, Excel's UTF-16 text.

const IMPORT = resolve(import.meta.dirname, '../fixtures/import');
const SKLEARN = '/usr/lib/python3/dist-packages/sklearn/datasets/data';
/** Written next to the test run for a person to look at; not compared. */
const SCREENSHOT = process.env.CSV_WIZARD_SCREENSHOT;

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

const configured = (page: Page) => page.locator('[data-testid="csv-wizard"][data-step="configure"]').waitFor();
const text = async (page: Page, id: string) => (await page.getByTestId(id).textContent()) ?? '';
const value = (page: Page, id: string) => page.getByTestId(id).inputValue();

describe('the CSV wizard reads files as people have them', () => {
  it.skipIf(!existsSync(SKLEARN))("skips scikit-learn's metadata line, reads its gzip and whitespace files, and the choices can be changed", async () => {
    const { page, context, errors } = await openAppPage(browser, `${app.url}#/datasets`);
    await page.getByTestId('csv-file-input').setInputFiles(resolve(SKLEARN, 'wine_data.csv'));
    await configured(page);
    expect(await text(page, 'csv-skipped')).toBe('skipped line 1: 178,13,class_0,class_1,class_2');
    expect([await value(page, 'csv-skip-lines'), await value(page, 'csv-delimiter'), await value(page, 'csv-encoding')]).toEqual(['1', ',', 'utf-8']);
    expect(await page.getByTestId('csv-has-header').isChecked()).toBe(false);
    expect(await text(page, 'csv-shape')).toBe('178 rows · 14 columns');
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Not skipping it: the first line becomes the header and the message says which row breaks.
    await page.getByTestId('csv-skip-lines').fill('0');
    await page.getByTestId('csv-skip-lines').press('Enter');
    await page.getByTestId('import-error').waitFor();
    expect(await text(page, 'import-error')).toBe('wine_data.csv row 2: found 14 fields, expected 5 like the first row (if the first line is not data or a header, skip it)');
    expect(await value(page, 'csv-skip-lines')).toBe('1');

    await page.getByTestId('csv-check').click();
    await page.locator('[data-testid="csv-wizard"][data-step="summary"]').waitFor();
    expect(await text(page, 'summary-rows')).toBe('178 rows kept of 178 read; none dropped · 13 features');
    await page.getByRole('button', { name: 'Back' }).click();
    await configured(page);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByTestId('csv-file-input').setInputFiles(resolve(SKLEARN, 'diabetes_data_raw.csv.gz'));
    await configured(page);
    expect(await value(page, 'csv-delimiter')).toBe('whitespace');
    expect(await text(page, 'csv-shape')).toBe('442 rows · 10 columns · gzip-compressed');
    // Read with commas it is one column (its first line taken for a header): the choice is the
    // user's, the preview shows the result.
    await page.getByTestId('csv-delimiter').selectOption(',');
    await configured(page);
    expect(await text(page, 'csv-shape')).toBe('441 rows · 1 column · gzip-compressed');
    await page.getByTestId('csv-delimiter').selectOption('whitespace');
    await configured(page);
    expect(await text(page, 'csv-shape')).toBe('442 rows · 10 columns · gzip-compressed');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('proposes the number format that reads a column of decimal commas, and reads UTF-16 text', async () => {
    const { page, context, errors } = await openAppPage(browser, `${app.url}#/datasets`);
    await page.getByTestId('csv-file-input').setInputFiles(resolve(IMPORT, 'decimal-comma.csv'));
    await configured(page);
    expect([await value(page, 'csv-delimiter'), await value(page, 'csv-number-format')]).toEqual([';', ',.']);
    expect(await page.getByTestId('csv-number-trouble').count()).toBe(0);

    await page.getByTestId('csv-number-format').selectOption('.');
    await configured(page);
    await page.getByTestId('csv-number-trouble').waitFor();
    expect(await text(page, 'csv-number-trouble')).toContain(
      "column 'length': 4 values like '3,14' (first at row 2) are numbers written with decimal comma: choose that number format to read them",
    );
    // Still a number column (with unreadable cells), never one-hot categories of its text.
    expect(await value(page, 'column-type-length')).toBe('numeric');
    await page.getByTestId('csv-use-proposed-format').click();
    await configured(page);
    expect(await value(page, 'csv-number-format')).toBe(',');
    expect(await page.getByTestId('column-missing-length').getAttribute('data-count')).toBe('0');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByTestId('csv-file-input').setInputFiles(resolve(IMPORT, 'utf16-excel.txt'));
    await configured(page);
    expect(await page.getByTestId('csv-encoding').locator('option:checked').textContent()).toBe('UTF-16 LE with BOM');
    expect([await value(page, 'csv-delimiter'), await value(page, 'csv-number-format')]).toEqual(['\t', ',']);
    expect(await page.getByTestId('csv-preview').locator('tbody tr').first().textContent()).toBe('Köln3,5warm');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('renders only the column rows in view for a file of 10,000 columns, and cuts a huge class name', async () => {
    const { page, context, errors } = await openAppPage(browser, `${app.url}#/datasets`);
    const names = Array.from({ length: 10_000 }, (_, j) => `f${j}`);
    const huge = 'x'.repeat(100_000);
    const lines = [[...names, 'label'].join(',')];
    for (let i = 0; i < 6; i++) lines.push([...names.map((_, j) => String((i * 7 + j) % 5)), i % 2 ? huge : 'short'].join(','));
    await page.getByTestId('csv-file-input').setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
    await configured(page);
    expect(await text(page, 'csv-shape')).toBe('6 rows · 10001 columns');
    const rows = page.getByTestId('csv-columns').locator('[role="row"][data-testid^="column-"]');
    expect(await rows.count()).toBeLessThan(40);
    // Scrolled to the end, the last columns are there (and the first ones are not any more).
    await page.getByTestId('csv-columns').evaluate((box) => box.scrollTo(0, box.scrollHeight));
    await page.getByTestId('column-label').waitFor();
    expect(await page.getByTestId('column-f0').count()).toBe(0);
    expect(await page.getByTestId('csv-preview').locator('thead th').last().textContent()).toBe('… 9,941 more columns');

    await page.getByTestId('csv-check').click();
    await page.locator('[data-testid="csv-wizard"][data-step="summary"]').waitFor();
    expect(await text(page, 'summary-classes')).toBe(`Classes: short (3), ${'x'.repeat(60)}… (3)`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
