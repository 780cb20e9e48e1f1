import type { Dataset } from './dataset';
import { checkChunk, decodeChunkRows, type ChunkLayout, type DatasetChunk, type StoredShape } from './dataset-chunks';

// The first few rows of each class of an image set, which the datasets page shows as thumbnails:
// picked from a dataset in memory, or read from a stored one chunk by chunk in row order. Which
// rows they are is known only from the labels, which are stored inside the chunks with the
// features; so chunks are read in order until every class has its rows, one at a time, and only
// the picked rows' features are decoded. For a set whose classes are mixed (Fashion-MNIST, any
// shuffled import) that is the first chunk: 4 MB instead of 47 MB read and 188 MB decoded.

/** The picked rows as a dataset of their own, and every class's row count in the whole set. */
export interface ClassSamples {
  samples: Dataset;
  counts: number[];
}

/** Chooses, label by label in row order, the first `perClass` rows of each class. */
class RowPicker {
  /** The labels of the rows picked so far, in row order. */
  readonly labels: number[] = [];
  /** Rows to pick in all: `perClass` of each class, or all of a smaller one. */
  readonly total: number;
  private readonly wanted: number[];

  /** `counts`: rows per class in the whole set, so a class with fewer than `perClass` is known complete. */
  constructor(counts: readonly number[], perClass: number) {
    this.wanted = counts.map((count) => Math.min(count, perClass));
    this.total = this.wanted.reduce((sum, n) => sum + n, 0);
  }

  /** Every class has its rows: no later row can be picked. */
  get done(): boolean {
    return this.labels.length === this.total;
  }

  /** Picks among `labels`, those of the next rows in order; returns the positions in `labels` it picked. */
  take(labels: Int32Array): number[] {
    const picked: number[] = [];
    labels.forEach((label, i) => {
      if (this.wanted[label] > 0) {
        this.wanted[label]--;
        this.labels.push(label);
        picked.push(i);
      }
    });
    return picked;
  }
}

function classCounts(labels: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

function subset(name: string, features: number, normalization: Dataset['normalization'], classes: string[], picker: RowPicker, x: Float32Array | Float64Array): Dataset {
  return { name, featureNames: [], rows: picker.labels.length, features, x, target: { kind: 'classes', classes, labels: Int32Array.from(picker.labels) }, normalization };
}

/** The first `perClass` rows of each class of a dataset in memory, in row order. */
export function pickClassSamples(dataset: Dataset, perClass: number): ClassSamples {
  if (dataset.target.kind !== 'classes') throw new Error(`'${dataset.name}' has no classes to show images of`);
  const { classes, labels } = dataset.target;
  const counts = classCounts(labels, classes.length);
  const picker = new RowPicker(counts, perClass);
  const { features } = dataset;
  const x = dataset.x instanceof Float32Array ? new Float32Array(picker.total * features) : new Float64Array(picker.total * features);
  picker.take(labels).forEach((row, i) => x.set(dataset.x.subarray(row * features, (row + 1) * features), i * features));
  return { samples: subset(dataset.name, features, dataset.normalization, classes, picker, x), counts };
}

/** A stored classification set: its description and how its rows were chunked. */
export interface StoredClasses {
  name: string;
  shape: StoredShape;
  layout: ChunkLayout;
  classes: string[];
  /** Rows per class in the whole set (kept with its description). */
  counts: number[];
  normalization: Dataset['normalization'];
}

/**
 * The first `perClass` rows of each class of a stored set, in row order, reading chunk `index`
 * with `read` (which throws for a missing one) in order and no further than the chunk holding the
 * last of them; `chunksRead` says how far that was. A chunk that does not fit the layout throws,
 * naming it.
 */
export async function readClassSamples(stored: StoredClasses, perClass: number, read: (index: number) => Promise<DatasetChunk>): Promise<ClassSamples & { chunksRead: number }> {
  const { shape, layout, classes, counts } = stored;
  if (shape.target.kind !== 'classes') throw new Error(`'${stored.name}' has no classes to show images of`);
  const { features } = shape;
  const picker = new RowPicker(counts, perClass);
  const x = shape.dtype === 'float32' ? new Float32Array(picker.total * features) : new Float64Array(picker.total * features);
  let index = 0;
  for (; index < layout.chunks && !picker.done; index++) {
    const chunk = await read(index);
    checkChunk(shape, layout, index, chunk);
    const first = picker.labels.length;
    picker.take(new Int32Array(chunk.labels!)).forEach((row, i) => decodeChunkRows(shape, layout, chunk, row, 1, x, (first + i) * features));
  }
  // Fewer rows than planned only when the counts promised more than the labels hold.
  const found = x.subarray(0, picker.labels.length * features);
  return { samples: subset(stored.name, features, stored.normalization, classes, picker, found), counts, chunksRead: index };
}
