import { describe, expect, it } from 'vitest';
import { centerSquare, compositeOnto, IMAGE_BACKGROUNDS, ImageDatasetBuilder, rgbaToFeatures } from '../../../../src/shared/data/image-dataset-builder';

const rgba = (...pixels: number[][]) => Uint8ClampedArray.from(pixels.flatMap((p) => [...p, 255]));

describe('image geometry and pixels', () => {
  it('crops the largest centred square', () => {
    expect(centerSquare(640, 480)).toEqual({ x: 80, y: 0, size: 480 });
    expect(centerSquare(300, 501)).toEqual({ x: 0, y: 100, size: 300 });
    expect(centerSquare(28, 28)).toEqual({ x: 0, y: 0, size: 28 });
  });

  it('composites transparent pixels onto the background, weighted by alpha, and says whether there were any', () => {
    const pixels = Uint8ClampedArray.from([0, 0, 0, 0, 0, 0, 0, 255, 200, 100, 0, 128, 10, 20, 30, 255]);
    expect(compositeOnto(pixels, 'white')).toBe(true);
    expect(Array.from(pixels)).toEqual([255, 255, 255, 255, 0, 0, 0, 255, 227, 177, 127, 255, 10, 20, 30, 255]);
    const onBlack = Uint8ClampedArray.from([255, 255, 255, 0, 200, 100, 0, 128]);
    expect(compositeOnto(onBlack, 'black')).toBe(true);
    expect(Array.from(onBlack)).toEqual([0, 0, 0, 255, 100, 50, 0, 255]);
    expect(compositeOnto(Uint8ClampedArray.from([1, 2, 3, 255]), 'white')).toBe(false);
  });

  it('turns opaque RGBA into luma or interleaved RGB in [0, 1]', () => {
    const out = new Float32Array(6);
    rgbaToFeatures(rgba([255, 0, 0], [0, 0, 255]), 'rgb', out, 0);
    expect(Array.from(out)).toEqual([1, 0, 0, 0, 0, 1]);
    const gray = new Float32Array(3);
    rgbaToFeatures(Uint8ClampedArray.from([255, 255, 255, 0, 255, 0, 0, 255, 0, 0, 0, 255]), 'grayscale', gray, 0);
    expect(gray[0]).toBeCloseTo(1, 6);
    expect(gray[1]).toBeCloseTo(0.299, 6);
    expect(gray[2]).toBe(0);
  });

  it('writes each pixel\'s channels in place at the offset, and nothing after the image', () => {
    const out = new Float32Array(2 + 9 + 3).fill(-1);
    rgbaToFeatures(rgba([255, 51, 102], [0, 204, 153], [17, 34, 68]), 'rgb', out, 2);
    expect(Array.from(out)).toEqual([-1, -1, 1, 0.2, 0.4, 0, 0.8, 0.6, 17 / 255, 34 / 255, 68 / 255, -1, -1, -1].map(Math.fround));
    const gray = new Float32Array(1 + 2 + 2).fill(-1);
    rgbaToFeatures(rgba([0, 0, 255], [0, 255, 0]), 'grayscale', gray, 1);
    expect(Array.from(gray)).toEqual([-1, Math.fround(0.114), Math.fround(0.587), -1, -1]);
  });
});

describe('ImageDatasetBuilder', () => {
  const options = { name: 'pets', size: 2, color: 'grayscale' as const, classes: ['cat', 'dog'], expectedImages: 5 };
  const white = rgba([255, 255, 255], [255, 255, 255], [255, 255, 255], [255, 255, 255]);
  const black = rgba([0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]);

  it('fills n_x = h·w·c features per image, labels and a report with skipped files by name', () => {
    const builder = new ImageDatasetBuilder(options);
    builder.add(0, white, 'cat/1.png');
    builder.add(1, black, 'dog/1.png');
    builder.skip('dog/broken.png', 'cannot be decoded');
    builder.add(1, white, 'dog/2.png');
    const { dataset, report } = builder.finish();
    expect([dataset.rows, dataset.features]).toEqual([3, 4]);
    expect(dataset.featureNames).toEqual(['0_0', '0_1', '1_0', '1_1']);
    expect(Array.from(dataset.x)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1]);
    expect(dataset.target).toEqual({ kind: 'classes', classes: ['cat', 'dog'], labels: Int32Array.from([0, 1, 1]) });
    expect(report).toEqual({
      images: 3,
      perClass: [{ name: 'cat', images: 1 }, { name: 'dog', images: 2 }],
      droppedClasses: [],
      transparent: { images: 0, background: 'white' },
      skipped: [{ path: 'dog/broken.png', reason: 'cannot be decoded' }],
      features: 4,
    });
    const rgb = new ImageDatasetBuilder({ ...options, size: 64, color: 'rgb' });
    rgb.add(0, new Uint8ClampedArray(64 * 64 * 4), 'a');
    rgb.add(1, new Uint8ClampedArray(64 * 64 * 4), 'b');
    expect(rgb.finish().dataset.features).toBe(12288);
    const small = new ImageDatasetBuilder({ ...options, size: 1, color: 'rgb', expectedImages: 2 });
    small.add(0, rgba([255, 0, 0]), 'a');
    small.add(1, rgba([0, 0, 255]), 'b');
    const built = small.finish().dataset;
    expect(built.featureNames).toEqual(['0_0_r', '0_0_g', '0_0_b']);
    expect(Array.from(built.x)).toEqual([1, 0, 0, 0, 0, 1]);
    expect(built.normalization).toEqual({ kind: 'none' });
  });

  it('composites onto either background the wizard offers', () => {
    expect(IMAGE_BACKGROUNDS).toEqual(['white', 'black']);
    for (const background of IMAGE_BACKGROUNDS) {
      const pixel = Uint8ClampedArray.from([9, 9, 9, 0]);
      compositeOnto(pixel, background);
      expect(pixel[0]).toBe(background === 'white' ? 255 : 0);
    }
  });

  it('a transparent icon becomes its shape on white (or black), not a black square, and is counted', () => {
    // A black disc pixel and three transparent ones whose stored colour is black, as exporters write.
    const icon = () => Uint8ClampedArray.from([0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const onWhite = new ImageDatasetBuilder(options);
    onWhite.add(0, icon(), 'cat/icon.png');
    onWhite.add(1, black, 'dog/1.png');
    const white = onWhite.finish();
    expect(Array.from(white.dataset.x.slice(0, 4))).toEqual([0, 1, 1, 1]);
    expect(white.report.transparent).toEqual({ images: 1, background: 'white' });
    const onBlack = new ImageDatasetBuilder({ ...options, background: 'black' });
    onBlack.add(0, icon(), 'cat/icon.png');
    onBlack.add(1, black, 'dog/1.png');
    expect(Array.from(onBlack.finish().dataset.x.slice(0, 4))).toEqual([0, 0, 0, 0]);
  });

  it('leaves out a class folder none of whose images could be decoded, renumbering the labels', () => {
    const builder = new ImageDatasetBuilder({ ...options, classes: ['bird', 'cat', 'dog'] });
    builder.skip('bird/cut.png', 'could not be decoded');
    builder.add(1, white, 'cat/1.png');
    builder.add(2, black, 'dog/1.png');
    const { dataset, report } = builder.finish();
    expect(dataset.target).toEqual({ kind: 'classes', classes: ['cat', 'dog'], labels: Int32Array.from([0, 1]) });
    expect([report.perClass, report.droppedClasses]).toEqual([[{ name: 'cat', images: 1 }, { name: 'dog', images: 1 }], ['bird']]);
  });

  it('splits stratified when asked', () => {
    const builder = new ImageDatasetBuilder({ ...options, expectedImages: 10 });
    for (let i = 0; i < 10; i++) builder.add(i % 2, i % 2 ? black : white, `${i}`);
    const { dataset } = builder.finish({ validation: 0.2, seed: 1 });
    expect(dataset.split!.validation).toHaveLength(2);
    const again = new ImageDatasetBuilder({ ...options, expectedImages: 10 });
    for (let i = 0; i < 10; i++) again.add(i % 2, i % 2 ? black : white, `${i}`);
    expect(again.finish({ validation: 0, seed: 1 }).dataset.split).toBeUndefined();
    const both = new ImageDatasetBuilder({ ...options, expectedImages: 10 });
    for (let i = 0; i < 10; i++) both.add(i % 2, i % 2 ? black : white, `${i}`);
    expect(both.finish({ validation: 0.2, test: 0.2, seed: 1 }).dataset.split!.test).toHaveLength(2);
    const labels = dataset.target.kind === 'classes' ? dataset.target.labels : new Int32Array();
    expect(Array.from(dataset.split!.validation, (r) => labels[r]).sort()).toEqual([0, 1]);
  });

  it('refuses wrong sizes, unknown classes, and a result with one class', () => {
    const builder = new ImageDatasetBuilder(options);
    expect(() => builder.add(0, new Uint8ClampedArray(12), 'cat/x.png')).toThrow('cat/x.png: decoded to 12 bytes, expected 2×2 RGBA (16 bytes)');
    expect(() => builder.add(2, white, 'cat/x.png')).toThrow('cat/x.png: class 2 is not one of the 2 classes');
    builder.add(0, white, 'cat/1.png');
    expect(() => builder.finish()).toThrow('pets: 1 image decoded in 1 class; classification needs images in at least two classes');
    expect(() => new ImageDatasetBuilder({ ...options, size: 0 })).toThrow('pets: image size 0 is out of range; expected a whole number from 1 to 512');
    expect(() => new ImageDatasetBuilder({ ...options, size: 513 })).toThrow('pets: image size 513 is out of range');
    expect(() => new ImageDatasetBuilder({ ...options, size: 1.5 })).toThrow('pets: image size 1.5 is out of range');
    expect(new ImageDatasetBuilder({ ...options, size: 512, expectedImages: 0 })).toBeInstanceOf(ImageDatasetBuilder);
    expect(new ImageDatasetBuilder({ ...options, size: 1, expectedImages: 0 })).toBeInstanceOf(ImageDatasetBuilder);
    expect(() => builder.add(-1, white, 'cat/y.png')).toThrow('cat/y.png: class -1 is not one of the 2 classes');
    const full = new ImageDatasetBuilder({ ...options, expectedImages: 1 });
    full.add(0, white, 'cat/1.png');
    expect(() => full.add(1, white, 'dog/1.png')).toThrow('dog/1.png: more images than the 1 the listing announced');
    expect(() => new ImageDatasetBuilder(options).finish()).toThrow('pets: 0 images decoded in 0 classes; classification needs');
    const two = new ImageDatasetBuilder(options);
    two.add(1, white, 'dog/1.png');
    two.add(1, white, 'dog/2.png');
    expect(() => two.finish()).toThrow('pets: 2 images decoded in 1 class; classification needs');
  });
});
