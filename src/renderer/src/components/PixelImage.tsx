import { useEffect, useRef } from 'react';
import './components.css';

// One image drawn from a row of pixel features (row-major, grayscale or RGB interleaved), so what
// the user sees is exactly what the network is given. `scale` maps a value to 0…255: 255 for
// pixels in [0, 1], 1 for bytes.

export interface PixelImageProps {
  pixels: ArrayLike<number>;
  /** Index of the row's first value in `pixels`. */
  offset: number;
  width: number;
  height: number;
  channels: 1 | 3;
  scale: number;
  /** Drawn size in CSS pixels (the canvas keeps the image's own resolution). */
  displayWidth?: number;
  title?: string;
}

export function PixelImage({ pixels, offset, width, height, channels, scale, displayWidth, title }: PixelImageProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(width, height);
    for (let p = 0; p < width * height; p++) {
      for (let c = 0; c < 3; c++) image.data[4 * p + c] = Math.round(scale * pixels[offset + (channels === 3 ? 3 * p + c : p)]);
      image.data[4 * p + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [pixels, offset, width, height, channels, scale]);
  return <canvas ref={canvas} width={width} height={height} className="thumbnail" style={displayWidth ? { width: displayWidth } : undefined} title={title} />;
}
