import breastCancerCsv from '../../../../../resources/datasets/breast-cancer.csv?url';
import fashionImages from '../../../../../resources/datasets/fashion-mnist-7k-images-idx3-ubyte.gz?url';
import fashionLabels from '../../../../../resources/datasets/fashion-mnist-7k-labels-idx1-ubyte.gz?url';
import irisCsv from '../../../../../resources/datasets/iris.csv?url';

// Where the build put the files of the built-in datasets (resources/datasets/), by file name, as
// absolute URLs so a worker (whose base URL is its own script's) can fetch them too.

const RELATIVE: Record<string, string> = {
  'iris.csv': irisCsv,
  'breast-cancer.csv': breastCancerCsv,
  'fashion-mnist-7k-images-idx3-ubyte.gz': fashionImages,
  'fashion-mnist-7k-labels-idx1-ubyte.gz': fashionLabels,
};

export function builtinAssetUrls(base: string = document.baseURI): Record<string, string> {
  return Object.fromEntries(Object.entries(RELATIVE).map(([name, url]) => [name, new URL(url, base).href]));
}
