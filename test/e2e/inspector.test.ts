import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAppPage } from './support/browser';
import { useWebAppSuite } from './support/web-app-suite';

// The step inspector as a student meets it: train the XOR tutorial network from the form, open
// "Inspect a step", pick a row, and read Z, A, dZ, dW — the same numbers `nn-workbench inspect`
// prints for that row; click a weight for its chain rule and check it by finite differences.

const ROOT = resolve(import.meta.dirname, '../..');
const SCREENSHOTS = process.env.INSPECTOR_SCREENSHOTS;

const suite = useWebAppSuite();

async function trainXor(page: Page): Promise<string> {
  await page.getByTestId('dataset-select').selectOption('xor');
  await page.getByTestId('remove-layer-1').click();
  await page.getByTestId('layer-units-0').fill('3');
  await page.getByTestId('layer-activation-0').selectOption('sigmoid');
  await page.getByTestId('output-select').selectOption('sigmoid');
  await page.getByTestId('optimizer-select').selectOption('momentum');
  await page.getByTestId('learning-rate').fill('0.5');
  await page.getByTestId('epochs').fill('20');
  await page.getByTestId('batch-size').fill('2');
  await page.getByTestId('seed').fill('3');
  await page.getByTestId('train-button').click();
  const view = page.locator('[data-testid="run-view"][data-status="done"]');
  await view.waitFor({ timeout: 60_000 });
  return (await view.getAttribute('data-run-id'))!;
}

/** Every number of a matrix shown as numbers, row-major. */
async function matrixValues(page: Page, testId: string): Promise<number[]> {
  const cells = page.getByTestId(testId).locator('td');
  return (await cells.evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value')))));
}

/** The page's numbers against the CLI's: the same engine and the project's own elementary functions, so the same bits. */
function expectSameNumbers(actual: number[], expected: number[][], what: string): void {
  expect(actual, what).toEqual(expected.flat());
}

describe('step inspector in the browser build', () => {
  it('shows the step of a chosen row with the CLI\'s numbers, the chain rule of a weight and one step taken', async () => {
    const { page, errors } = await openAppPage(suite.browser, suite.app.url);
    const runId = await trainXor(page);
    const experiment = JSON.parse((await page.evaluate(async (id) => {
      const request = indexedDB.open('nn-workbench');
      const db: IDBDatabase = await new Promise((ok, fail) => {
        request.onsuccess = () => ok(request.result);
        request.onerror = () => fail(request.error);
      });
      const store = db.transaction('runs').objectStore('runs');
      const get = store.get(id);
      return new Promise<string>((ok) => {
        get.onsuccess = () => ok(JSON.stringify(get.result.experiment));
      });
    }, runId)) as string);

    await page.getByTestId('inspect-step').click();
    await page.getByTestId('inspector-page').waitFor();
    await page.getByTestId('inspector-mode').selectOption('rows');
    await page.getByTestId('inspector-rows').fill('2');
    await page.locator('[data-testid="step-view"][data-rows="2"]').waitFor();
    expect(await page.getByTestId('step-summary').textContent()).toContain('just initialized (epoch 0)');

    // The same row through the CLI, from the experiment the run stored.
    const dir = mkdtempSync(join(tmpdir(), 'inspector-e2e-'));
    const path = join(dir, 'xor.experiment.json');
    writeFileSync(path, JSON.stringify(experiment));
    const cli = spawnSync(process.execPath, [join(ROOT, 'bin/nn-workbench.js'), 'inspect', path, '--rows', '2'], { encoding: 'utf8', timeout: 60_000 });
    expect(cli.stderr).toBe('');
    const printed = JSON.parse(cli.stdout);
    for (const l of [1, 2]) {
      expectSameNumbers(await matrixValues(page, `Z-${l}`), printed.forward[l - 1].Z, `Z[${l}]`);
      expectSameNumbers(await matrixValues(page, `A-${l}`), printed.forward[l - 1].A, `A[${l}]`);
      expectSameNumbers(await matrixValues(page, `dZ-${l}`), printed.backward[l - 1].dZ, `dZ[${l}]`);
      expectSameNumbers(await matrixValues(page, `dW-${l}`), printed.backward[l - 1].dW, `dW[${l}]`);
    }
    expectSameNumbers([Number(await page.getByTestId('loss-line').getAttribute('data-value'))], [[printed.loss.value]], 'loss');
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'inspector-xor.png'), fullPage: true });

    // One weight: w[1]_21, by the chain rule, equals dW[1]_21, and finite differences agree.
    await page.getByTestId('W-1').locator('tr').nth(1).locator('td').nth(0).click();
    const chain = page.getByTestId('chain-rule');
    await chain.waitFor();
    expect(await chain.getAttribute('data-row')).toBe('1');
    expect(await chain.getAttribute('data-col')).toBe('0');
    expect(await page.getByTestId('chain-next-terms').locator('tbody tr').count()).toBe(2); // 1 output unit + the total
    await page.getByTestId('chain-check').click();
    const result = page.getByTestId('chain-check-result');
    await result.waitFor();
    expect(Number(await result.getAttribute('data-relative-error'))).toBeLessThan(1e-7);
    if (SCREENSHOTS) await chain.screenshot({ path: join(SCREENSHOTS, 'inspector-chain.png') });

    // The whole network checked on this row.
    await page.getByTestId('check-every-weight').click();
    await page.getByTestId('gradcheck-table').waitFor();
    expect(Number(await page.getByTestId('gradcheck-table').getAttribute('data-worst'))).toBeLessThan(1e-7);

    // Take one step: the new W is the previous step's "W after".
    const after = await matrixValues(page, 'update-W-1-after');
    await page.getByTestId('take-step').click();
    await page.locator('[data-testid="step-summary"]', { hasText: '1 step taken here' }).waitFor();
    expect(await matrixValues(page, 'W-1')).toEqual(after);
    expect(await page.getByTestId('step-change').textContent()).toMatch(/^The step taken here moved the loss on these columns from [\d.]+ to [\d.]+ \(down\)/);

    // The run's final state: replayed to epoch 20, momentum's velocity included.
    await page.getByTestId('inspector-state').selectOption('replay');
    await page.locator('[data-testid="step-summary"]', { hasText: 'replayed to epoch 20' }).waitFor();
    expect(await page.getByTestId('update-formula').textContent()).toContain('v ← 0.9·v + g');

    // From the run's predictions, a row number opens the inspector on that row with those weights.
    await page.goto(`${suite.app.url}#/runs/${runId}`);
    await page.getByTestId('show-predictions').click();
    await page.locator('[data-testid="prediction-row"][data-row="1"] [data-testid="inspect-row"]').click();
    await page.locator('[data-testid="step-view"][data-rows="1"]').waitFor();
    expect(await page.getByTestId('inspector-state').inputValue()).toBe('final');
    expect(await page.getByTestId('step-summary').textContent()).toContain('stored weights of epoch 20');
    expect(errors).toEqual([]);
  });

  it('opens the first tutorial\'s XOR from the editor at epoch 0: no biases, every number of the full batch, the graph 3-4-1', async () => {
    const { page, errors } = await openAppPage(suite.browser, suite.app.url);
    await page.getByTestId('nav-experiments').click();
    await page.getByTestId('example-tutorial-xor').click();
    await page.getByTestId('experiment-editor').waitFor();
    await page.getByTestId('inspect-experiment').click();
    await page.locator('[data-testid="step-view"][data-rows="0,1,2,3"]').waitFor();
    // Full batch: the one batch is all four rows, in file order (shuffle off).
    expect(await page.getByTestId('step-summary').textContent()).toContain('batch 1 of 1 in epoch 1');
    expect(await page.getByTestId('Z-1').locator('figcaption').textContent()).toContain('W[1]·A[0] (no bias)');
    expect(await page.getByTestId('b-1').count()).toBe(0);
    expect([await page.getByTestId('W-1').getAttribute('data-rows'), await page.getByTestId('W-1').getAttribute('data-cols')]).toEqual(['4', '3']);
    // The sum of squares is summed, with no 1/m.
    expect(await page.getByTestId('loss-line').textContent()).toContain('summed over the 4 samples (no 1/m)');
    await expectNodes(page, [3, 4, 1]);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'inspector-tutorial.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});

async function expectNodes(page: Page, sizes: number[]): Promise<void> {
  for (const [layer, size] of sizes.entries()) {
    expect(await page.locator(`[data-testid^="node-${layer}-"]`).count(), `units drawn in column ${layer}`).toBe(size);
  }
}
