import { builtinDataset } from '../../../../shared/data/builtin-datasets';
import type { Dataset } from '../../../../shared/data/dataset';

// A shipped built-in dataset (Iris, breast cancer, the Fashion-MNIST subset) read from the app's
// own assets with the shared catalogue; for workers, which get the asset URLs from the page.

export async function fetchBuiltinDataset(id: string, urls: Record<string, string>): Promise<Dataset> {
  const builtin = builtinDataset(id);
  if (builtin.kind !== 'asset') throw new Error(`'${id}' is generated, not loaded from files`);
  return builtin.load(async (fileName) => {
    const url = urls[fileName];
    if (!url) throw new Error(`The app was built without the file ${fileName} of the built-in dataset '${builtin.name}'.`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`Could not load ${fileName} of the built-in dataset '${builtin.name}' (HTTP ${response.status}).`);
    return new Uint8Array(await response.arrayBuffer());
  });
}
