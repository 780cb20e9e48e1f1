// Round tick values for an axis from `min` to `max`: about `count` of them, at steps of 1, 2 or 5
// times a power of ten, as people read axes (0, 0.2, 0.4 … rather than 0, 0.173, 0.346 …).

export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max <= min) return [min];
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough)!;
  const ticks: number[] = [];
  // Multiples of the step, tidied so that 0.30000000000000004 reads 0.3.
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}
