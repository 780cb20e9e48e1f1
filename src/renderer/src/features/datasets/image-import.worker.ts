import { centerSquare, ImageDatasetBuilder } from '../../../../shared/data/image-dataset-builder';
import { IMAGE_HEADER_BYTES, imageHeaderProblem, readImageHeader } from '../../../../shared/data/image-header';
import type { ImageImportRequest } from './image-import-messages';
import { createReplies, datasetBuffers } from './worker-replies';

// Decodes a folder of images into a dataset with the browser's own decoders, off the UI thread.
// Every file's declared size is read from its first bytes before anything is decoded, so a
// decompression bomb is skipped unopened; the rest are decoded straight to the chosen size
// (createImageBitmap crops the centred square and resizes in one step) and drawn on one small
// OffscreenCanvas to get their pixels (straight RGBA, composited onto the chosen background by the
// builder). A file that fails any step is skipped and named in the report.

const replies = createReplies((message, transfer) => self.postMessage(message, { transfer }));

async function importImages({ name, classes, size, color, background, split }: ImageImportRequest): Promise<void> {
  const total = classes.reduce((n, c) => n + c.files.length, 0);
  const builder = new ImageDatasetBuilder({ name, size, color, background, classes: classes.map((c) => c.name), expectedImages: total });
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser cannot draw images off screen (no OffscreenCanvas 2D context).');
  let done = 0;
  for (const [label, { files }] of classes.entries()) {
    for (const { path, file } of files) {
      replies.progress({ phase: 'Decoding images', done: done++, total });
      if (file.size === 0) {
        builder.skip(path, 'empty file (0 bytes)');
        continue;
      }
      const header = readImageHeader(new Uint8Array(await file.slice(0, IMAGE_HEADER_BYTES).arrayBuffer()));
      const problem = imageHeaderProblem(header);
      if (problem || !header) {
        builder.skip(path, problem ?? 'unreadable header');
        continue;
      }
      const crop = centerSquare(header.width, header.height);
      let bitmap: ImageBitmap;
      try {
        bitmap = await createImageBitmap(file, crop.x, crop.y, crop.size, crop.size, { resizeWidth: size, resizeHeight: size, resizeQuality: 'high' });
      } catch {
        builder.skip(path, `could not be decoded (a damaged or truncated ${header.format.toUpperCase()} file)`);
        continue;
      }
      context.clearRect(0, 0, size, size);
      context.drawImage(bitmap, 0, 0);
      bitmap.close();
      builder.add(label, context.getImageData(0, 0, size, size).data, path);
    }
  }
  replies.progress({ phase: 'Decoding images', done: total, total });
  const result = builder.finish(split);
  replies.done(result, datasetBuffers(result.dataset));
}

self.onmessage = ({ data }: MessageEvent<ImageImportRequest>) => {
  importImages(data).catch((error: unknown) => replies.fail(error));
};
