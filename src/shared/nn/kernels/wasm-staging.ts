import type { DType } from '../../schema/names';
import type { FloatArray } from './types';
import type { WasmArena } from './wasm-arena';

// How a kernel call of the wasm backend gets pointers to its arrays. Arrays the backend allocated
// live in its memory (wasm-arena.ts) and are handed over as they are, with no copy. Any other
// array of the backend's dtype still works: it is copied into a staging area for the call and, if
// the kernel writes it, copied back by `done` — correct, just slower, for callers such as tests or
// a predict over user data. An array of the other dtype is refused: the kernels would misread it.

/** The message for an array or allocation of the dtype a wasm backend does not compute in. */
export function wrongDtypeMessage(dtype: DType): string {
  return `This "wasm" kernel backend computes in ${dtype} (one backend per network, made for its training.dtype); it was given ${dtype === 'float32' ? 'float64' : 'float32'} values.`;
}

export class WasmStaging {
  private staging = 0;
  private stagingBytes = 0;
  private stagingUsed = 0;
  /** Staged arrays the current call writes, with their staging offsets: copied back by `done`. */
  private readonly writeBack: [FloatArray, number][] = [];
  private readonly bytesPerElement: number;

  constructor(
    private readonly arena: WasmArena,
    private readonly dtype: DType,
  ) {
    this.bytesPerElement = dtype === 'float32' ? 4 : 8;
  }

  /** Pointer to an array the kernel only reads. */
  read(array: FloatArray): number {
    const pointer = this.arena.pointerOf(array);
    if (pointer >= 0) return pointer;
    const offset = this.stage(array);
    this.view(offset, array.length).set(array);
    return offset;
  }

  /** Pointer to an array the kernel writes (and may read first). */
  write(array: FloatArray): number {
    const pointer = this.arena.pointerOf(array);
    if (pointer >= 0) return pointer;
    const offset = this.read(array);
    this.writeBack.push([array, offset]);
    return offset;
  }

  /** Ends a call: copies staged outputs back to their arrays and frees the staging area. */
  done(): void {
    for (const [array, offset] of this.writeBack) array.set(this.view(offset, array.length));
    this.writeBack.length = 0;
    this.stagingUsed = 0;
  }

  private view(offset: number, length: number): FloatArray {
    return this.dtype === 'float32' ? this.arena.view(offset, length) : this.arena.float64View(offset, length);
  }

  private stage(array: FloatArray): number {
    if (array.BYTES_PER_ELEMENT !== this.bytesPerElement) throw new Error(wrongDtypeMessage(this.dtype));
    const bytes = Math.ceil((array.length * this.bytesPerElement) / 16) * 16;
    if (this.stagingUsed + bytes > this.stagingBytes) {
      // Earlier staged arrays of this call keep their (old) region; later calls use the new one.
      // Twice this call's need, which is more than twice the old area, so it grows by doubling.
      this.stagingBytes = Math.max(2 * (this.stagingUsed + bytes), 1 << 16);
      this.staging = this.arena.reserve(this.stagingBytes);
      this.stagingUsed = 0;
    }
    const offset = this.staging + this.stagingUsed;
    this.stagingUsed += bytes;
    return offset;
  }
}
