// Typed arrays filled row by row when the row count is known only at the end (streamed files).
// Capacity doubles, so the copies add up to at most the final size; with an exact `expectedRows`
// hint (pass 1 of a CSV import counts them) nothing is copied at all until `trim`.

type Numeric = Float32Array | Float64Array | Int32Array;
type Constructor<T extends Numeric> = { new (length: number): T };

export class GrowableRows<T extends Numeric> {
  data: T;
  rows = 0;
  private readonly make: Constructor<T>;
  readonly width: number;

  constructor(make: Constructor<T>, width: number, expectedRows = 1024) {
    this.make = make;
    this.width = width;
    this.data = new make(Math.max(1, expectedRows) * width);
  }

  /** Offset of a new row at the end (not counted until `commit`, so a dropped row is simply overwritten). */
  reserve(): number {
    const offset = this.rows * this.width;
    if (offset + this.width > this.data.length) {
      // Twice the capacity always holds one row more: the rows so far fit in it, and it holds a row at least.
      const bigger = new this.make(this.data.length * 2);
      bigger.set(this.data.subarray(0, offset) as never);
      this.data = bigger;
    }
    return offset;
  }

  commit(): void {
    this.rows++;
  }

  /**
   * The filled rows in an array of exactly their size: the same array when the hint was exact;
   * otherwise shrunk in place where ArrayBuffer.transfer exists (browsers, Electron, Node ≥ 21),
   * else copied. Exact size matters: storing a view would store its whole buffer.
   */
  trim(): T {
    const used = this.rows * this.width;
    if (used === this.data.length) return this.data;
    const buffer = this.data.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
    if (typeof buffer.transfer === 'function') {
      const shrunk = buffer.transfer(used * this.data.BYTES_PER_ELEMENT);
      this.data = new (this.data.constructor as Constructor<T> & { new (buffer: ArrayBuffer): T })(shrunk);
    } else {
      this.data = this.data.slice(0, used) as T;
    }
    return this.data;
  }
}
