// Numbers as the inspector prints them: four significant digits, an exponent outside
// [0.001, 10 000), and never a raw 1e110 that would stretch a cell across the page.

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const text = magnitude >= 10_000 || magnitude < 0.001 ? value.toExponential(2).replace('e+', 'e') : String(Number(value.toPrecision(4)));
  return text.replace('-', '−');
}

/** Every digit, for hovers and the chain rule's detail: the shortest text that reads back exactly. */
export function exactValue(value: number): string {
  return String(value).replace('-', '−');
}
