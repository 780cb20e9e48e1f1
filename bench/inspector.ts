import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { StepInspector } from '../src/shared/engine/inspect-step';
import { inspectionToJson } from '../src/shared/engine/inspection-json';
import { ExperimentSchema } from '../src/shared/schema/experiment';
import { launchChromium, openAppPage } from '../test/e2e/support/browser';
import { serveWebApp } from '../test/e2e/support/web-app';
import { FASHION_DIR, fashionExperiment, loadFashion } from './workloads';

// (f) The step inspector on Fashion-MNIST 784-128-10 (issue 18's target: opening it for one row
// well under a second). In Node: preparing the network, one row's inspection, the whole-network
// gradient check on that row, and the CLI's JSON of it. In Chromium: from "Inspect step 1" on an
// experiment over the app's built-in Fashion-MNIST subset to the step drawn (dataset load,
// worker start, inspection, heatmaps). Medians of `reps`, interleaved.

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeEngine(reps: number): Promise<string[]> {
  if (!existsSync(FASHION_DIR)) return [`inspector (Node) skipped: ${FASHION_DIR} not found`];
  const dataset = await loadFashion();
  const experiment = ExperimentSchema.parse(fashionExperiment('float32', 'auto', 1));
  const create: number[] = [];
  const inspect: number[] = [];
  const gradcheck: number[] = [];
  const json: number[] = [];
  let backend = '';
  for (let rep = 0; rep < reps; rep++) {
    let start = performance.now();
    const inspector = await StepInspector.create(experiment, dataset);
    create.push(performance.now() - start);
    start = performance.now();
    const inspection = inspector.inspect({ rows: [rep] });
    inspect.push(performance.now() - start);
    backend = inspection.backend;
    start = performance.now();
    const checked = inspector.inspect({ rows: [rep] }, { gradcheck: true });
    gradcheck.push(performance.now() - start);
    start = performance.now();
    JSON.stringify(inspectionToJson(checked));
    json.push(performance.now() - start);
  }
  const ms = (values: number[]) => `${median(values).toFixed(0)} ms`;
  return [
    `inspector, Fashion-MNIST 784-128-10 float32 (${backend}), one row, Node: prepare ${ms(create)}, inspect ${ms(inspect)}, with the gradient check ${ms(gradcheck)}, JSON ${ms(json)}`,
  ];
}

async function setUpFashionExperiment(page: Page): Promise<void> {
  await page.getByTestId('nav-experiments').click();
  await page.getByTestId('new-experiment').click();
  await page.getByTestId('experiment-editor').waitFor();
  await page.getByTestId('experiment-dataset').selectOption('stored:builtin/fashion-mnist-subset');
  await page.getByTestId('dtype').selectOption('float32');
  // One hidden layer: remove the others, waiting for the list to shrink after each.
  for (let hidden = await page.locator('[data-testid^="hidden-layer-"]').count(); hidden > 1; hidden--) {
    await page.getByTestId('layer-remove-1').click();
    await page.locator(`[data-testid="hidden-layer-${hidden - 1}"]`).waitFor({ state: 'detached' });
  }
  await page.getByTestId('layer-units-0').fill('128');
  await page.getByTestId('layer-activation-0').selectOption('relu');
  await page.locator('[data-testid="save-state"][data-saved="true"]').waitFor();
}

async function timePage(reps: number): Promise<string[]> {
  const browser = await launchChromium();
  const app = await serveWebApp();
  try {
    const { page, context } = await openAppPage(browser, app.url);
    await setUpFashionExperiment(page);
    const shape = await page.getByTestId('shape-w-1').textContent();
    const editor = page.url();
    const times: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      await page.goto(editor);
      await page.getByTestId('inspect-experiment').waitFor();
      const start = performance.now();
      await page.getByTestId('inspect-experiment').click();
      await page.getByTestId('step-view').waitFor({ timeout: 60_000 });
      await page.getByTestId('W-1').locator('canvas').waitFor();
      times.push(performance.now() - start);
    }
    if (process.env.INSPECTOR_SCREENSHOTS) await page.screenshot({ path: `${process.env.INSPECTOR_SCREENSHOTS}/inspector-fashion.png`, fullPage: true });
    await context.close();
    return [`inspector, Fashion-MNIST subset (7,000 images) ${shape} float32, Chromium: "Inspect step 1" to the step drawn ${median(times).toFixed(0)} ms (median of ${reps}; target well under 1 s)`];
  } finally {
    await browser.close();
    await app.close();
  }
}

export async function benchInspector(reps: number): Promise<void> {
  console.log('\nStep inspector');
  for (const line of [...(await timeEngine(reps)), ...(await timePage(reps))]) console.log(line);
}
