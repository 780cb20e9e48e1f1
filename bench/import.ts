import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

// Import speed and memory (part of npm run bench): Fashion-MNIST train (60,000 × 784) imported
//   - from its gzipped IDX files (readIdxDataset), and
//   - from a ~130 MB CSV written from them (label, then 784 pixel columns 0–255), through the app's
//     streaming CSV pipeline: sniff, profile pass, build pass (bench/import-child.ts),
//   - from the same CSV gzipped, decompressed as it streams (twice: one pass each),
// each in a fresh process so its peak RSS is the import's own; beside it the usual numpy way
// (np.frombuffer for IDX, np.loadtxt for the CSV and its .gz; bench/peers/import_numpy.py). The dataset's
// float32 size is the floor any importer needs; "peak − start" is what the import itself added.

const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const ROOT = join(import.meta.dirname, '..');
const IMAGES = join(FASHION_DIR, 'train-images-idx3-ubyte.gz');
const LABELS = join(FASHION_DIR, 'train-labels-idx1-ubyte.gz');

interface ImportMeasurement {
  seconds: number;
  rows: number;
  features: number;
  baselineRss: number;
  peakRss: number;
  peakHeap?: number;
  datasetBytes?: number;
  numpy?: string;
}

/** Writes the training set as CSV, a block of rows at a time (never the whole text in memory). */
function writeFashionCsv(path: string): number {
  const images = gunzipSync(readFileSync(IMAGES));
  const labels = gunzipSync(readFileSync(LABELS));
  const count = labels.length - 8;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `label,${Array.from({ length: 784 }, (_, p) => `pixel${p}`).join(',')}\n`);
    for (let from = 0; from < count; from += 1000) {
      const lines: string[] = [];
      for (let r = from; r < Math.min(count, from + 1000); r++) {
        lines.push(`${labels[8 + r]},${images.subarray(16 + r * 784, 16 + (r + 1) * 784).join(',')}`);
      }
      writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  return statSync(path).size;
}

function run(command: string, args: string[]): ImportMeasurement | string {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.error) return result.error.message;
  if (result.status !== 0) return result.stderr.trim().split('\n').at(-1) ?? `exit ${result.status}`;
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as ImportMeasurement;
}

const ours = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'bench/import-child.ts', ...args]);
const numpy = (args: string[]) => run('python3', ['bench/peers/import_numpy.py', ...args]);

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Runs the IDX and CSV imports and prints one table; the CSV goes to `scratch`. */
export function benchImport(scratch: string): void {
  if (!existsSync(IMAGES)) {
    console.log(`Import bench skipped: ${FASHION_DIR} not found (apt-get install dataset-fashion-mnist).`);
    return;
  }
  const csv = join(scratch, 'fashion-mnist-train.csv');
  const csvBytes = writeFashionCsv(csv);
  const gz = `${csv}.gz`;
  writeFileSync(gz, gzipSync(readFileSync(csv), { level: 6 }));
  const floatBytes = 60_000 * 784 * 4;
  const cases = [
    { what: `IDX (gzip, ${mb(statSync(IMAGES).size)})`, ours: ours(['idx', IMAGES, LABELS]), peer: numpy(['idx', IMAGES, LABELS]), peerName: 'numpy frombuffer' },
    { what: `CSV (${mb(csvBytes)})`, ours: ours(['csv', csv]), peer: numpy(['csv', csv]), peerName: 'numpy loadtxt' },
    { what: `CSV gzip (${mb(statSync(gz).size)})`, ours: ours(['csv', gz]), peer: numpy(['csv', gz]), peerName: 'numpy loadtxt' },
  ];
  const table = [['Fashion-MNIST train 60,000×784', 'ours s', 'peak RSS (peak − start)', 'peak heap+buffers', 'peer', 'peer s', 'peer peak RSS (peak − start)', 'ours/peer time']];
  const notes: string[] = [];
  const describe = (m: ImportMeasurement) => `${mb(m.peakRss)} (${mb(m.peakRss - m.baselineRss)})`;
  for (const c of cases) {
    if (typeof c.ours === 'string') {
      notes.push(`${c.what}: our import failed: ${c.ours}`);
      continue;
    }
    const peer = typeof c.peer === 'string' ? null : c.peer;
    if (typeof c.peer === 'string') notes.push(`${c.peerName} unavailable: ${c.peer}`);
    if (peer?.numpy) notes.push(`peer: numpy ${peer.numpy}`);
    table.push([
      c.what,
      c.ours.seconds.toFixed(2),
      describe(c.ours),
      mb(c.ours.peakHeap ?? 0),
      c.peerName,
      peer ? peer.seconds.toFixed(2) : 'n/a',
      peer ? describe(peer) : 'n/a',
      peer ? (c.ours.seconds / peer.seconds).toFixed(2) : 'n/a',
    ]);
  }
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  console.log(`\nImport: dataset float32 size ${mb(floatBytes)}; each import in a fresh process.`);
  console.log(line(table[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table.slice(1)) console.log(line(row));
  for (const note of [...new Set(notes)]) console.log(note);
}
