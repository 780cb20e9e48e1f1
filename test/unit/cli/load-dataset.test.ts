import { copyFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadDataset } from '../../../src/cli/load-dataset';
import { ExperimentSchema } from '../../../src/shared/schema/experiment';
import { encodePng } from './png-fixtures';
import { FIXTURES } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'nn-load-'));
const experiment = (dataset: unknown, validationSplit = 0.2) =>
  ExperimentSchema.parse({
    dataset,
    model: { layers: [{ units: 3, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
    training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 1, seed: 3, validationSplit },
  });

function idxFile(dims: number[], values: number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + values.length);
  bytes[2] = 0x08;
  bytes[3] = dims.length;
  dims.forEach((d, i) => new DataView(bytes.buffer).setUint32(4 + 4 * i, d));
  bytes.set(values, 4 + 4 * dims.length);
  return bytes;
}

describe('loadDataset', () => {
  it('reads a CSV relative to the experiment file and standardizes with training-split statistics only', async () => {
    mkdirSync(join(dir, 'data'), { recursive: true });
    copyFileSync(join(FIXTURES, 'iris.csv'), join(dir, 'data/iris.csv'));
    const e = experiment({ csv: 'data/iris.csv', target: 'species', normalize: 'standardize' });
    const dataset = await loadDataset(e, join(dir, 'iris.experiment.json'));
    expect([dataset.rows, dataset.features]).toEqual([150, 4]);
    expect(dataset.split?.train).toHaveLength(120);
    expect(dataset.split?.validation).toHaveLength(30);
    // The training rows are exactly standardized; the validation rows are not (their stats were not used).
    const column = (rows: Int32Array) => Array.from(rows, (r) => dataset.x[r * 4]);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const train = column(dataset.split!.train);
    expect(mean(train)).toBeCloseTo(0, 12);
    expect(Math.sqrt(mean(train.map((x) => x * x)))).toBeCloseTo(1, 12);
    expect(Math.abs(mean(column(dataset.split!.validation)))).toBeGreaterThan(1e-6);
    expect(dataset.normalization.kind).toBe('standardize');
  });

  it('without validation, fits the statistics on every row and leaves the split to the engine', async () => {
    const e = experiment({ csv: join(FIXTURES, 'iris.csv'), target: 'species', normalize: 'minmax' }, 0);
    const dataset = await loadDataset(e, join(dir, 'x.json'));
    expect(dataset.split).toBeUndefined();
    expect(Math.min(...dataset.x)).toBe(0);
    expect(Math.max(...dataset.x)).toBe(1);
  });

  it('reads IDX images and labels (with a limit) and synthetic sets', async () => {
    writeFileSync(join(dir, 'images.idx'), idxFile([3, 1, 2], [0, 255, 255, 0, 51, 51]));
    writeFileSync(join(dir, 'labels.idx'), idxFile([3], [2, 0, 1]));
    const idx = await loadDataset(experiment({ idx: { images: 'images.idx', labels: 'labels.idx' }, limit: 2 }), join(dir, 'e.json'));
    expect([idx.rows, idx.features]).toEqual([2, 2]);
    expect(Array.from(idx.x)).toEqual([0, 1, 1, 0]);
    const moons = await loadDataset(experiment({ synthetic: 'moons', samples: 10, seed: 1 }), join(dir, 'e.json'));
    expect(moons.rows).toBe(10);
  });

  it('CSV options: ignored and categorical columns, missing values filled from the training split', async () => {
    writeFileSync(join(dir, 'people.csv'), 'id,size,city,y\n1,10,Paris,a\n2,?,Lyon,b\n3,30,Paris,a\n4,40,Nice,b\n5,50,Paris,a\n');
    const e = experiment({ csv: 'people.csv', target: 'y', ignore: ['id'], categorical: ['city'], missing: 'mean' }, 0.4);
    const dataset = await loadDataset(e, join(dir, 'e.json'));
    expect(dataset.featureNames).toEqual(['size', 'city=Lyon', 'city=Nice', 'city=Paris']);
    expect(dataset.x).toBeInstanceOf(Float64Array);
    const train = Array.from(dataset.split!.train);
    expect(train).toHaveLength(3);
    const known = train.filter((r) => r !== 1).map((r) => (r + 1) * 10);
    expect(dataset.x[4]).toBeCloseTo(known.reduce((s, v) => s + v, 0) / known.length, 12);
  });

  it('names IDX classes after Fashion-MNIST when asked', async () => {
    const idx = await loadDataset(experiment({ idx: { images: 'images.idx', labels: 'labels.idx' }, classes: 'fashion-mnist' }), join(dir, 'e.json'));
    expect(idx.target.kind === 'classes' && idx.target.classes[9]).toBe('Ankle boot');
  });

  it('reads a PNG image folder (crop, resize, luma), skipping and listing other files by name', async () => {
    const pets = join(dir, 'pets');
    // 4 × 2 gray images: the centred square is columns 1–2; resized to 1 × 1 it is their mean.
    const image = (values: number[]) => encodePng({ width: 4, height: 2, depth: 8, colorType: 0, rows: [values.slice(0, 4), values.slice(4)], filters: [1] });
    mkdirSync(join(pets, 'cat'), { recursive: true });
    mkdirSync(join(pets, 'dog'), { recursive: true });
    mkdirSync(join(pets, 'fish'), { recursive: true });
    writeFileSync(join(pets, 'cat/1.png'), image([0, 255, 255, 0, 0, 255, 255, 0]));
    writeFileSync(join(pets, 'dog/1.png'), image([255, 0, 0, 255, 255, 0, 0, 255]));
    writeFileSync(join(pets, 'dog/2.png'), image([9, 51, 51, 9, 9, 51, 51, 9]));
    writeFileSync(join(pets, 'dog/broken.png'), image([1, 2, 3, 4, 5, 6, 7, 8]).subarray(0, 45));
    writeFileSync(join(pets, 'dog/photo.jpg'), Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0, 10, 0, 10]));
    writeFileSync(join(pets, 'dog/.DS_Store'), 'x');
    writeFileSync(join(pets, 'fish/notes.txt'), 'no fish yet');
    const lines: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((line) => lines.push(String(line)) > 0);
    const dataset = await loadDataset(experiment({ images: { folder: 'pets', size: 1 } }), join(dir, 'e.json')).finally(() => stderr.mockRestore());
    expect([dataset.rows, dataset.features]).toEqual([3, 1]);
    expect(Array.from(dataset.x)).toEqual([1, 0, Math.fround(51 / 255)]);
    expect(dataset.target).toEqual({ kind: 'classes', classes: ['cat', 'dog'], labels: Int32Array.from([0, 1, 1]) });
    expect(lines.join('')).toBe(
      [
        'pets: class folders without images: fish',
        'pets: 3 files skipped:',
        '  fish/notes.txt: not an image (.txt; expected png, jpg, jpeg, gif, bmp, webp)',
        '  dog/broken.png: truncated PNG (chunk IDAT is cut short)',
        '  dog/photo.jpg: JPEG is decoded in the app only; the CLI reads PNG',
        '',
      ].join('\n'),
    );
    await expect(loadDataset(experiment({ images: { folder: 'nope' } }), join(dir, 'e.json'))).rejects.toThrow(
      `Cannot read image folder '${join(dir, 'nope')}': no such folder.`,
    );
  });

  it('says how a CSV was read, with the detected number format, and which cells were not read as numbers', async () => {
    const notes: string[] = [];
    const comma = experiment({ csv: join(FIXTURES, 'import/decimal-comma.csv'), target: 'kind', ignore: ['id'] }, 0);
    const dataset = await loadDataset(comma, join(dir, 'e.json'), (line) => notes.push(line));
    expect(Array.from(dataset.x.slice(0, 2))).toEqual([3.14, 1250.5]);
    expect(notes).toEqual(['decimal-comma.csv: ";"-separated, utf-8, header on line 1, decimal comma, thousands "."; 4 of 4 rows kept, 2 features']);

    notes.length = 0;
    const hex = experiment({ csv: join(FIXTURES, 'import/hex.csv'), target: 'label', missing: 'drop' }, 0);
    await loadDataset(hex, join(dir, 'e.json'), (line) => notes.push(line));
    expect(notes).toEqual([
      'hex.csv: ","-separated, utf-8, header on line 1, decimal point; 1 of 4 rows kept, 2 features',
      "hex.csv, column 'flags': 3 values like '0x1A' (first at row 2) are hexadecimal or binary, which is not read as a number: convert the column or ignore it",
    ]);
    const wrong = experiment({ csv: join(FIXTURES, 'import/decimal-comma.csv'), target: 'kind', ignore: ['id'], decimal: '.' }, 0);
    await expect(loadDataset(wrong, join(dir, 'e.json'))).rejects.toThrow(
      "decimal-comma.csv row 2, column 'length': expected a number, found '3,14', which is a number written with decimal comma: choose that number format to read it",
    );
  });

  it('composites transparent icons onto white (or black), names SVG files, and leaves out a class with no decodable image', async () => {
    const lines: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((line) => lines.push(String(line)) > 0);
    const icons = join(FIXTURES, 'images/icons');
    const load = (background?: string) => loadDataset(experiment({ images: { folder: icons, size: 8, ...(background ? { background } : {}) } }), join(dir, 'e.json'));
    const white = await load().finally(() => stderr.mockRestore());
    expect(white.target).toMatchObject({ kind: 'classes', classes: ['disc', 'ring'] });
    // The corner is transparent: white, not the black its pixels store; the disc's centre is black.
    expect([white.x[0], white.x[3 * 8 + 3]]).toEqual([1, 0]);
    expect(lines.join('')).toBe(
      [
        'icons: class folders left out, none of their images could be decoded: broken, vector',
        'icons: 4 images with transparency, composited onto white',
        'icons: 3 files skipped:',
        '  vector/logo.svg: a vector image (.svg), not supported: export it as PNG at the size you want',
        '  broken/cut.png: truncated PNG (chunk IDAT is cut short)',
        '  vector/logo-as.png: a vector image (SVG), not supported: export it as PNG at the size you want',
        '',
      ].join('\n'),
    );
    const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const black = await load('black').finally(() => quiet.mockRestore());
    expect(black.x[0]).toBe(0);
  });

  it('names the missing file, and refuses stored datasets it cannot open', async () => {
    await expect(loadDataset(experiment({ idx: { images: 'none.idx', labels: 'labels.idx' } }), join(dir, 'e.json'))).rejects.toThrow(
      `Cannot read IDX images file '${join(dir, 'none.idx')}': no such file.`,
    );
    await expect(loadDataset(experiment({ stored: 'abc' }), join(dir, 'e.json'))).rejects.toThrow(
      "dataset.stored: 'abc' names a dataset in the app's database, which the CLI cannot open",
    );
  });
});
