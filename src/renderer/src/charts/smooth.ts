// Exponential moving average of a noisy curve, as TensorBoard smooths: weight 0 leaves the points
// as they are, 0.9 averages over roughly the last ten. The average is debiased (divided by
// 1 − weight^k) so the start of the curve is not pulled towards zero. Points whose value is not
// finite are kept as they are and do not enter the average.

export function smooth<T extends { y: number }>(points: readonly T[], weight: number): T[] {
  if (!(weight > 0)) return points.slice();
  const w = Math.min(weight, 0.999);
  let average = 0;
  let count = 0;
  return points.map((point) => {
    if (!Number.isFinite(point.y)) return point;
    average = average * w + (1 - w) * point.y;
    count++;
    return { ...point, y: average / (1 - w ** count) };
  });
}
