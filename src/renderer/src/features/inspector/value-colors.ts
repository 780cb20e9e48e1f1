// A diverging scale for matrices: white at zero, blue for negative, red for positive, full
// strength at the largest magnitude of the matrix shown (so each matrix uses its whole range).

export function largestMagnitude(values: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i]);
    if (magnitude > largest && Number.isFinite(magnitude)) largest = magnitude;
  }
  return largest;
}

/** [r, g, b] for `value` on a scale reaching full colour at ±`scale`. */
export function valueRgb(value: number, scale: number): [number, number, number] {
  if (!Number.isFinite(value)) return [120, 0, 120];
  const t = scale > 0 ? Math.min(1, Math.abs(value) / scale) : 0;
  const [r, g, b] = value < 0 ? [47, 111, 222] : [214, 69, 65];
  return [Math.round(255 - (255 - r) * t), Math.round(255 - (255 - g) * t), Math.round(255 - (255 - b) * t)];
}

export function valueColor(value: number, scale: number): string {
  const [r, g, b] = valueRgb(value, scale);
  return `rgb(${r}, ${g}, ${b})`;
}
