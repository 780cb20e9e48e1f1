// Colours of compared runs. The first twenty are Tableau 20 reordered so the first ten are the
// strong ones; past twenty, hues step by the golden angle with alternating lightness, so no two
// runs of a large comparison share a colour (nearby ones stay apart). Runs left out of "colour the
// best N" are drawn in one grey, under the coloured ones.

export const RUN_COLORS = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
  '#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94', '#f7b6d2', '#c7c7c7', '#dbdb8d', '#9edae5',
];

export const GREYED = '#cdd1d6';

const GOLDEN_ANGLE = 137.50776405003785;

export function runColor(index: number): string {
  if (index < RUN_COLORS.length) return RUN_COLORS[index];
  const n = index - RUN_COLORS.length;
  const hue = (n * GOLDEN_ANGLE) % 360;
  const lightness = [42, 58, 34, 50][n % 4];
  return `hsl(${hue.toFixed(1)} 70% ${lightness}%)`;
}
