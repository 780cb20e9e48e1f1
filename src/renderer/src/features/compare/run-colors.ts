// Twenty colours that stay apart from each other on a white chart (Tableau 20 reordered so the
// first ten are the strong ones): a comparison of up to twenty runs never repeats a colour.

export const RUN_COLORS = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
  '#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94', '#f7b6d2', '#c7c7c7', '#dbdb8d', '#9edae5',
];

export const runColor = (index: number) => RUN_COLORS[index % RUN_COLORS.length];
