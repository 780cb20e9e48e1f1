import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { csvFileSource } from '../src/cli/csv-file-source';
import type { Dataset } from '../src/shared/data/dataset';
import { readIdxDataset } from '../src/shared/data/idx';
import { importCsv } from '../src/shared/data/import-csv';

// One import, measured in a fresh process (so peak memory is this import's alone), for
// bench/import.ts:  node --import tsx bench/import-child.ts idx <images.gz> <labels.gz>
//                   node --import tsx bench/import-child.ts csv <file.csv or file.csv.gz>
// The CSV runs the import pipeline's two streaming passes (profile, then build) over the file on
// disk (through zlib for a .gz) with papaparse, as the CLI does (and the app's worker over a File), every column a feature,
// float32 storage as in the app. Prints one JSON line.

let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
};
const sampler = setInterval(sample, 20);

async function importCsvFile(path: string): Promise<Dataset> {
  const { dataset } = await importCsv(await csvFileSource(path), { target: 'label', allFeatures: true, split: { validation: 0 } });
  return dataset;
}

const [kind, ...paths] = process.argv.slice(2);
sample();
const baselineRss = process.memoryUsage().rss;
const start = performance.now();
const dataset =
  kind === 'csv'
    ? await importCsvFile(paths[0])
    : await readIdxDataset(readFileSync(paths[0]), readFileSync(paths[1]), { imagesFile: basename(paths[0]), labelsFile: basename(paths[1]) });
const seconds = (performance.now() - start) / 1000;
sample();
clearInterval(sampler);
console.log(
  JSON.stringify({
    seconds,
    rows: dataset.rows,
    features: dataset.features,
    datasetBytes: dataset.x.byteLength,
    baselineRss,
    peakRss: process.resourceUsage().maxRSS * 1024,
    peakHeap,
  }),
);
