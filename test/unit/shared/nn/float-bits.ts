// Doubles bit by bit for the math tests: as the 16 hex digits the reference tables write, and the spacing at a value.

const view = new DataView(new ArrayBuffer(8));

export function double(hex: string): number {
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

export function hexOf(x: number): string {
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/** The spacing of doubles at |x| (2^-1074 among the subnormals and at 0). */
export function ulp(x: number): number {
  const a = Math.abs(x);
  if (a < 2 ** -1022) return 2 ** -1074;
  view.setFloat64(0, a);
  const exponent = ((view.getUint32(0) >>> 20) & 0x7ff) - 1023;
  return 2 ** (exponent - 52);
}
