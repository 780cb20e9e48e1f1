import breastCancerCsv from '../../../../../resources/datasets/breast-cancer.csv?url&no-inline';
import fashionImages from '../../../../../resources/datasets/fashion-mnist-7k-images-idx3-ubyte.gz?url&no-inline';
import fashionLabels from '../../../../../resources/datasets/fashion-mnist-7k-labels-idx1-ubyte.gz?url&no-inline';
import irisCsv from '../../../../../resources/datasets/iris.csv?url&no-inline';
import xorTutorialCsv from '../../../../../resources/datasets/xor-tutorial.csv?url&no-inline';

// Where the build put the files of the built-in datasets (resources/datasets/), by file name, as
// absolute URLs so a worker (whose base URL is its own script's) can fetch them too. Never inlined
// as data: URLs, which the app's Content-Security-Policy (connect-src 'self') does not let fetch.

const RELATIVE: Record<string, string> = {
  'iris.csv': irisCsv,
  'breast-cancer.csv': breastCancerCsv,
  'xor-tutorial.csv': xorTutorialCsv,
  'fashion-mnist-7k-images-idx3-ubyte.gz': fashionImages,
  'fashion-mnist-7k-labels-idx1-ubyte.gz': fashionLabels,
};

export function builtinAssetUrls(base: string = document.baseURI): Record<string, string> {
  return Object.fromEntries(Object.entries(RELATIVE).map(([name, url]) => [name, new URL(url, base).href]));
}
