import type { Dataset } from './dataset';
import { ImportError } from './import-error';
import { splitRows, type SplitFractions } from './split';

// Builds an image Dataset one decoded image at a time. The pure side fixes the geometry and the
// pixel convention; the decoding happens where the platform has decoders. In the app's worker:
//
//   const header = readImageHeader(bytes of the first IMAGE_HEADER_BYTES);
//   if (imageHeaderProblem(header)) → builder.skip(path, problem)
//   const crop = centerSquare(header.width, header.height);
//   const bitmap = await createImageBitmap(blob, crop.x, crop.y, crop.size, crop.size,
//     { resizeWidth: size, resizeHeight: size, resizeQuality: 'high' });   // decode failure → skip
//   const ctx = new OffscreenCanvas(size, size).getContext('2d'); ctx.drawImage(bitmap, 0, 0);
//   builder.add(classIndex, ctx.getImageData(0, 0, size, size).data, path);
//
// Aspect policy: center-crop to the largest centred square, then resize to size × size (as
// torchvision's Resize + CenterCrop); nothing is stretched and no padding is invented. Pixels become
// features in [0, 1]: grayscale is Rec. 601 luma (0.299 R + 0.587 G + 0.114 B, like PIL's "L"),
// RGB keeps the channels interleaved per pixel (r, g, b, r, g, b, …), so n_x = size · size · channels.
// Transparency is composited onto a background (white by default, as a viewer shows an icon): a
// transparent pixel's stored colour is usually black, which would turn every icon into a black
// square. The report counts the images that had any transparency.

export type ImageColor = 'grayscale' | 'rgb';
/** What transparent pixels are composited onto. */
export type ImageBackground = 'white' | 'black';
export const IMAGE_BACKGROUNDS: readonly ImageBackground[] = ['white', 'black'];

export interface ImageImportOptions {
  name: string;
  /** Side of the square images (28, 32, 64, …). */
  size: number;
  color: ImageColor;
  /** Under transparent pixels; white when absent. */
  background?: ImageBackground;
  /** Class names in label order (from `listImageFolder`). */
  classes: string[];
  /** Number of images to expect (the listing's count): allocates once. */
  expectedImages: number;
}

export interface ImageImportReport {
  images: number;
  /** Classes with at least one image, in label order. */
  perClass: { name: string; images: number }[];
  /** Class folders none of whose files could be decoded: left out of the classes. */
  droppedClasses: string[];
  /** Images with transparent pixels, and what they were composited onto. */
  transparent: { images: number; background: ImageBackground };
  /** Files skipped, by path, with the reason (not an image, cannot be decoded, too large, …). */
  skipped: { path: string; reason: string }[];
  features: number;
}

export const MAX_IMAGE_SIDE = 512;

/** The largest centred square of a width × height image (the crop rectangle for createImageBitmap). */
export function centerSquare(width: number, height: number): { x: number; y: number; size: number } {
  const size = Math.min(width, height);
  return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}

export const channelsOf = (color: ImageColor) => (color === 'rgb' ? 3 : 1);

const BACKGROUND_LEVEL: Record<ImageBackground, number> = { white: 255, black: 0 };

/**
 * Composites straight (not premultiplied) RGBA onto an opaque background, in place, the colour of
 * each pixel weighted by its alpha. Returns whether any pixel was not fully opaque.
 */
export function compositeOnto(rgba: Uint8Array | Uint8ClampedArray, background: ImageBackground): boolean {
  const level = BACKGROUND_LEVEL[background];
  let transparent = false;
  for (let at = 0; at < rgba.length; at += 4) {
    const alpha = rgba[at + 3];
    if (alpha === 255) continue;
    transparent = true;
    const blend = (v: number) => Math.round((v * alpha + level * (255 - alpha)) / 255);
    rgba.set([blend(rgba[at]), blend(rgba[at + 1]), blend(rgba[at + 2]), 255], at);
  }
  return transparent;
}

/** Writes one opaque RGBA image (size × size × 4 bytes) as features in [0, 1] at `out[offset…]`. */
export function rgbaToFeatures(rgba: ArrayLike<number>, color: ImageColor, out: Float32Array, offset: number): void {
  const pixels = rgba.length / 4;
  if (color === 'rgb') {
    for (let p = 0; p < pixels; p++) {
      out[offset + 3 * p] = rgba[4 * p] / 255;
      out[offset + 3 * p + 1] = rgba[4 * p + 1] / 255;
      out[offset + 3 * p + 2] = rgba[4 * p + 2] / 255;
    }
  } else {
    for (let p = 0; p < pixels; p++) {
      out[offset + p] = (0.299 * rgba[4 * p] + 0.587 * rgba[4 * p + 1] + 0.114 * rgba[4 * p + 2]) / 255;
    }
  }
}

/** Feature names: "y_x" for grayscale, "y_x_r|g|b" for RGB. */
function featureNames(size: number, color: ImageColor): string[] {
  const names: string[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (color === 'rgb') names.push(`${y}_${x}_r`, `${y}_${x}_g`, `${y}_${x}_b`);
      else names.push(`${y}_${x}`);
    }
  }
  return names;
}

export class ImageDatasetBuilder {
  private readonly options: ImageImportOptions;
  private readonly x: Float32Array;
  private readonly labels: Int32Array;
  private readonly width: number;
  private readonly counts: number[];
  private readonly skipped: ImageImportReport['skipped'] = [];
  private readonly background: ImageBackground;
  private images = 0;
  private transparent = 0;

  constructor(options: ImageImportOptions) {
    const { size, color, expectedImages, name } = options;
    if (!Number.isInteger(size) || size < 1 || size > MAX_IMAGE_SIDE) {
      throw new ImportError({ file: name }, `image size ${size} is out of range; expected a whole number from 1 to ${MAX_IMAGE_SIDE}`);
    }
    this.options = options;
    this.background = options.background ?? 'white';
    this.width = size * size * channelsOf(color);
    // The listing says how many images there can be at most, so one allocation suffices.
    this.x = new Float32Array(expectedImages * this.width);
    this.labels = new Int32Array(expectedImages);
    this.counts = options.classes.map(() => 0);
  }

  /**
   * Adds a decoded size × size RGBA image of class `label` (composited onto the background here;
   * `composited` says the caller already did so before resizing, and whether it was transparent).
   */
  add(label: number, rgba: Uint8Array | Uint8ClampedArray, path: string, composited?: { transparent: boolean }): void {
    const { size, classes } = this.options;
    if (rgba.length !== size * size * 4) {
      throw new ImportError({ file: path }, `decoded to ${rgba.length} bytes, expected ${size}×${size} RGBA (${size * size * 4} bytes)`);
    }
    if (!(label >= 0 && label < classes.length)) throw new ImportError({ file: path }, `class ${label} is not one of the ${classes.length} classes`);
    if (this.images === this.labels.length) {
      throw new ImportError({ file: path }, `more images than the ${this.labels.length} the listing announced`);
    }
    const transparent = composited ? composited.transparent : compositeOnto(rgba, this.background);
    if (transparent) this.transparent++;
    rgbaToFeatures(rgba, this.options.color, this.x, this.images * this.width);
    this.labels[this.images++] = label;
    this.counts[label]++;
  }

  /** Records a file that was not imported (undecodable, empty, too large…), for the report. */
  skip(path: string, reason: string): void {
    this.skipped.push({ path, reason });
  }

  /**
   * The dataset (split with the given fractions when any are > 0) and the report. A class folder
   * none of whose files could be decoded is left out of the classes (the labels renumbered), so the
   * network gets no output that no sample can ever teach.
   */
  finish(split?: SplitFractions): { dataset: Dataset; report: ImageImportReport } {
    const { name, size, color, classes: listed } = this.options;
    const kept = listed.map((_, c) => c).filter((c) => this.counts[c] > 0);
    if (kept.length < 2) {
      throw new ImportError({ file: name }, `${this.images} image${this.images === 1 ? '' : 's'} decoded in ${kept.length} class${kept.length === 1 ? '' : 'es'}; classification needs images in at least two classes`);
    }
    const rows = this.images;
    const x = rows * this.width === this.x.length ? this.x : this.x.slice(0, rows * this.width);
    // Only kept classes have images, so only their entries are read.
    const renumber = new Int32Array(listed.length);
    kept.forEach((c, k) => (renumber[c] = k));
    const labels = this.labels.subarray(0, rows).map((label) => renumber[label]);
    const classes = kept.map((c) => listed[c]);
    const target = { kind: 'classes' as const, classes, labels };
    const dataset: Dataset = {
      name,
      featureNames: featureNames(size, color),
      rows,
      features: this.width,
      x,
      target,
      normalization: { kind: 'none' },
    };
    if (split && split.validation + (split.test ?? 0) > 0) dataset.split = splitRows(target, rows, split);
    return {
      dataset,
      report: {
        images: rows,
        perClass: kept.map((c) => ({ name: listed[c], images: this.counts[c] })),
        droppedClasses: listed.filter((_, c) => this.counts[c] === 0),
        transparent: { images: this.transparent, background: this.background },
        skipped: this.skipped,
        features: this.width,
      },
    };
  }
}
