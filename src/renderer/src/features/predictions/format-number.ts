// Numbers in the predictions table: `digits` significant digits without trailing zeros, and
// exponent notation where a fixed one would be long (1.2e-7, 3.4e+5), so a cell keeps its width.

export function formatNumber(value: number, digits = 4): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(Math.max(0, digits - 2));
  return String(Number(value.toPrecision(digits)));
}
