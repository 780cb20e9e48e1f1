import { createReadStream, openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { ColumnProfiler, inferColumns } from '../src/shared/data/column-inference';
import { sniffCsv, SNIFF_BYTES } from '../src/shared/data/csv-sniff';
import { DatasetBuilder } from '../src/shared/data/dataset-builder';
import type { Dataset } from '../src/shared/data/dataset';
import { readIdxDataset } from '../src/shared/data/idx';
import { applyChoices } from '../src/shared/data/import-csv';
import { suggestImportPlan } from '../src/shared/data/import-plan';

// One import, measured in a fresh process (so peak memory is this import's alone), for
// bench/import.ts:  node --import tsx bench/import-child.ts idx <images.gz> <labels.gz>
//                   node --import tsx bench/import-child.ts csv <file.csv>
// The CSV runs the app's two streaming passes (profile, then build) over a file stream with
// papaparse, as the import worker does over a File. Prints one JSON line.

let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
};
const sampler = setInterval(sample, 20);

function streamCsv(path: string, delimiter: string, onChunk: (rows: string[][]) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(createReadStream(path, { encoding: 'utf8' }) as unknown as File, {
      delimiter,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        try {
          onChunk(results.data);
          sample();
        } catch (error) {
          parser.abort();
          reject(error);
        }
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
}

async function importCsv(path: string): Promise<Dataset> {
  const head = Buffer.alloc(SNIFF_BYTES);
  const fd = openSync(path, 'r');
  const length = readSync(fd, head, 0, SNIFF_BYTES, 0);
  closeSync(fd);
  const fileName = basename(path);
  const sniff = sniffCsv(head.subarray(0, length), fileName);
  const profiler = new ColumnProfiler({ fileName, hasHeader: sniff.hasHeader });
  await streamCsv(path, sniff.delimiter, (rows) => profiler.add(rows));
  const profile = profiler.profile();
  const plan = applyChoices(suggestImportPlan(sniff, profile, inferColumns(profile)), profile, {
    target: 'label',
    allFeatures: true,
    split: { validation: 0 },
  });
  const builder = new DatasetBuilder(plan, { expectedRows: profile.rows });
  await streamCsv(path, sniff.delimiter, (rows) => builder.add(rows));
  return builder.finish().dataset;
}

const [kind, ...paths] = process.argv.slice(2);
sample();
const baselineRss = process.memoryUsage().rss;
const start = performance.now();
const dataset =
  kind === 'csv'
    ? await importCsv(paths[0])
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
