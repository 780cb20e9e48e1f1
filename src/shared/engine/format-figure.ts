// How a diagnostic figure reads in a message, the same in the app's panels and the CLI's output.

/**
 * A diagnostic figure (a norm, a ratio, a mean) in at most about 8 characters, whatever its size:
 * 0.0123, 1.5, 250, 1.2e35, 3.4e-9, ∞, NaN — never a row of digits that breaks the page width.
 */
export function formatFigure(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value === Infinity ? '∞' : '−∞';
  if (value === 0) return '0';
  // The form is chosen on the figure as shown: 9999 rounds to 10000 and so reads 1.0e4, as 10000
  // does; 0.00099996 rounds to 0.001 and reads so.
  const rounded = Number(value.toPrecision(3));
  const magnitude = Math.abs(rounded);
  if (magnitude >= 1e4 || magnitude < 1e-3) return value.toExponential(1).replace('e+', 'e');
  return String(rounded);
}

/** How many times larger: "40×", "1,200×", "3.0e12×"; a ratio too large to be a number reads "vastly". */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'vastly';
  if (ratio >= 1e6) return `${formatFigure(ratio)}×`;
  return `${Math.round(ratio).toLocaleString('en-US')}×`;
}
