import { centerSquare } from '../shared/data/image-dataset-builder';

// The app's aspect policy for the CLI: crop the largest centred square, then resize it to
// size × size by averaging the source pixels each target pixel covers (area averaging, exact
// for downscaling by any factor; nearest pixel when enlarging). The app's browser decoders use
// their own high-quality filter, so values can differ slightly between the CLI and the app.

export function cropResizeRgba(rgba: Uint8Array, width: number, height: number, size: number): Uint8Array {
  const crop = centerSquare(width, height);
  const out = new Uint8Array(size * size * 4);
  const scale = crop.size / size;
  for (let ty = 0; ty < size; ty++) {
    const y0 = Math.floor(ty * scale);
    const y1 = Math.max(y0 + 1, Math.floor((ty + 1) * scale));
    for (let tx = 0; tx < size; tx++) {
      const x0 = Math.floor(tx * scale);
      const x1 = Math.max(x0 + 1, Math.floor((tx + 1) * scale));
      const sums = [0, 0, 0, 0];
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = 4 * ((crop.y + y) * width + crop.x + x);
          for (let c = 0; c < 4; c++) sums[c] += rgba[i + c];
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      for (let c = 0; c < 4; c++) out[4 * (ty * size + tx) + c] = Math.round(sums[c] / n);
    }
  }
  return out;
}
