// Long runs have more epochs than a chart has pixels; drawing every one only costs time. Keep
// evenly spaced rows, always the first and the last (the value the user is waiting for).

export function downsample<T>(rows: readonly T[], maxPoints: number): T[] {
  if (rows.length <= maxPoints) return rows.slice();
  if (maxPoints < 2) return rows.slice(-maxPoints);
  const step = (rows.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, i) => rows[Math.round(i * step)]);
}
