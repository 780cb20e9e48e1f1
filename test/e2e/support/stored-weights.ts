import type { Page } from 'playwright-core';

// What the app stored for a run, read from the page's IndexedDB: tests compare runs bit for bit.

/** The run's final weights as stored in IndexedDB, as JSON text. */
export async function finalWeights(page: Page, runId: string): Promise<string> {
  return page.evaluate(async (id) => {
    const request = indexedDB.open('nn-workbench');
    const db: IDBDatabase = await new Promise((ok, fail) => {
      request.onsuccess = () => ok(request.result);
      request.onerror = () => fail(request.error);
    });
    const get = db.transaction('runWeights').objectStore('runWeights').get(id);
    const text = await new Promise<string>((ok) => {
      get.onsuccess = () => ok(JSON.stringify(get.result.final.layers));
    });
    db.close();
    return text;
  }, runId);
}
