import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/main/content-security-policy';
import { readNpz } from '../../src/shared/export/npz';
import { parseWeights, predict } from '../../src/shared/nn/weights-json';
import { launchChromium, openAppPage } from './support/browser';
import { serveWebApp, type WebApp } from './support/web-app';

// Exporting a run in a real Chromium against the web build, served with the desktop app's own
// Content-Security-Policy on every response (workers included), so ONNX Runtime Web is shown to
// load and run under it: the dialog verifies the file, shows the figures, saves it, and the saved
// ONNX file gives the workbench's predictions in onnxruntime-node.

const IRIS = resolve(import.meta.dirname, '../../resources/datasets/iris.csv');
const downloads = mkdtempSync(join(tmpdir(), 'nn-export-e2e-'));

let app: WebApp;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  app = await serveWebApp({ 'Content-Security-Policy': contentSecurityPolicy() });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function trainIris(page: Page) {
  await page.getByTestId('dataset-select').selectOption('stored:builtin/iris');
  await page.getByTestId('epochs').fill('40');
  await page.getByTestId('train-button').click();
  await page.locator('[data-testid="run-view"][data-status="done"]').waitFor({ timeout: 120_000 });
}

/** Clicks, and saves the download the click starts. */
async function download(page: Page, click: () => Promise<void>, name: string): Promise<string> {
  const started = page.waitForEvent('download', { timeout: 120_000 });
  await click();
  const path = join(downloads, name);
  await (await started).saveAs(path);
  return path;
}

function irisFeatures(): Float64Array {
  const rows = readFileSync(IRIS, 'utf8').trim().split('\n').slice(1);
  return Float64Array.from(rows.flatMap((row) => row.split(',').slice(0, 4).map(Number)));
}

describe('exporting a run', () => {
  it('ONNX: verified in onnxruntime-web under the app CSP, saved, and the file predicts as the workbench in onnxruntime-node', async () => {
    const { page, context, errors } = await openAppPage(browser, app.url);
    await trainIris(page);
    const weightsPath = await download(page, () => page.getByTestId('export-weights').click(), 'iris.weights.json');

    await page.getByTestId('export-model').click();
    await page.getByTestId('export-format').selectOption('onnx');
    const onnxPath = await download(page, () => page.getByTestId('export-start').click(), 'iris.onnx');
    const verdict = page.getByTestId('export-verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-agrees')).toBe('true');
    expect(await verdict.textContent()).toMatch(/\.onnx agrees with the workbench and was saved\.$/);
    expect(await page.getByTestId('export-reader').textContent()).toMatch(/^onnxruntime-web 1\.\d+\.\d+, on the validation split of Iris \(30 rows\)$/);
    expect(Number(await page.getByTestId('export-max-difference').getAttribute('data-value'))).toBeLessThan(1e-5);
    const workbench = await page.getByTestId('export-score-workbench').textContent();
    expect(workbench).toMatch(/^\d+\.\d\d%$/);
    expect(await page.getByTestId('export-score-exported').textContent()).toBe(workbench);
    expect(await page.getByTestId('export-class-changes').textContent()).toBe('0 of 30');
    if (process.env.EXPORT_SCREENSHOT) await page.getByTestId('run-view').screenshot({ path: process.env.EXPORT_SCREENSHOT });

    const file = parseWeights(readFileSync(weightsPath, 'utf8'));
    const x = irisFeatures();
    const session = await ort.InferenceSession.create(readFileSync(onnxPath));
    const result = await session.run({ features: new ort.Tensor('float32', Float32Array.from(x), [150, 4]) });
    await session.release();
    const expected = predict(file, x, 150).outputs.flat();
    const outputs = result.output.data as Float32Array;
    expect(outputs.length).toBe(450);
    outputs.forEach((v, k) => expect(Math.abs(v - expected[k])).toBeLessThan(1e-5));

    // Another format from the same dialog: NumPy, checked on the training rows.
    await page.getByTestId('export-again').click();
    await page.getByTestId('export-format').selectOption('npz');
    await page.getByTestId('export-split').selectOption('train');
    const npzPath = await download(page, () => page.getByTestId('export-start').click(), 'iris.npz');
    await page.locator('[data-testid="export-verdict"][data-agrees="true"]').waitFor();
    expect(await page.getByTestId('export-reader').textContent()).toBe("the workbench's NumPy .npz reader, on the train split of Iris (120 rows)");
    expect(readNpz(readFileSync(npzPath), 'iris.npz').input.features).toEqual(file.input.features);

    // The run trained in float64, so ONNX in float64 is offered, and agrees to float64 rounding.
    await page.getByTestId('export-again').click();
    await page.getByTestId('export-format').selectOption('onnx');
    await page.getByTestId('export-dtype').selectOption('float64');
    await download(page, () => page.getByTestId('export-start').click(), 'iris64.onnx');
    await page.locator('[data-testid="export-verdict"][data-agrees="true"]').waitFor();
    expect(Number(await page.getByTestId('export-max-difference').getAttribute('data-value'))).toBeLessThan(1e-12);

    expect(errors).toEqual([]);
    await context.close();
  });
});
