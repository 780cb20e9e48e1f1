// Counts the distinct values of one column, up to a cap, cheaply enough to run on every cell of a
// 100 MB file: small non-negative integers (pixels, codes, counts: most numeric cells) in a typed
// array, other numbers and texts in maps. Numbers are counted by value, so "1" and "1.0" are one
// value, written the canonical way ("1") in `counts()`.

const SMALL = 1024;

export class ValueCounter {
  /** Distinct values counted (at most `cap`). */
  distinct = 0;
  /** A value beyond the cap was seen (and not counted). */
  overflow = false;
  private small: Int32Array | null = null;
  private readonly numbers = new Map<number, number>();
  private readonly texts = new Map<string, number>();
  private readonly cap: number;

  constructor(cap: number) {
    this.cap = cap;
  }

  private admit(): boolean {
    if (this.distinct < this.cap) {
      this.distinct++;
      return true;
    }
    this.overflow = true;
    return false;
  }

  addNumber(value: number): void {
    if (value >= 0 && value < SMALL && Number.isInteger(value)) {
      this.small ??= new Int32Array(SMALL);
      if (this.small[value] > 0 || this.admit()) this.small[value]++;
      return;
    }
    const seen = this.numbers.get(value);
    if (seen !== undefined) this.numbers.set(value, seen + 1);
    else if (this.admit()) this.numbers.set(value, 1);
  }

  /** A trimmed non-numeric value. */
  addText(value: string): void {
    const seen = this.texts.get(value);
    if (seen !== undefined) this.texts.set(value, seen + 1);
    else if (this.admit()) this.texts.set(value, 1);
  }

  /** Value → count: numbers in ascending order, then texts in the order first seen. */
  counts(): Map<string, number> {
    const numbers: [number, number][] = [...this.numbers];
    if (this.small) this.small.forEach((count, value) => count > 0 && numbers.push([value, count]));
    numbers.sort((a, b) => a[0] - b[0]);
    return new Map<string, number>([...numbers.map(([v, c]): [string, number] => [String(v), c]), ...this.texts]);
  }
}
