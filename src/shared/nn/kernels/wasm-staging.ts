import type { FloatArray } from './types';
import type { WasmArena } from './wasm-arena';

// How a kernel call of the wasm backend gets pointers to its arrays. Arrays the backend allocated
// live in its memory (wasm-arena.ts) and are handed over as they are, with no copy. Any other
// Float32Array still works: it is copied into a staging area for the call and, if the kernel
// writes it, copied back by `done` — correct, just slower, for callers such as tests or a predict
// over user data. Float64 arrays are refused: the kernels compute in float32.

export const WASM_FLOAT32_ONLY =
  'The "wasm" kernel backend computes in float32 only; set training.dtype to "float32", or training.backend to "auto" or "ts" for float64.';

export class WasmStaging {
  private staging = 0;
  private stagingBytes = 0;
  private stagingUsed = 0;
  /** Staged arrays the current call writes, with their staging offsets: copied back by `done`. */
  private readonly writeBack: [Float32Array, number][] = [];

  constructor(private readonly arena: WasmArena) {}

  /** Pointer to an array the kernel only reads. */
  read(array: FloatArray): number {
    const pointer = this.arena.pointerOf(array);
    if (pointer >= 0) return pointer;
    const offset = this.stage(array);
    this.arena.view(offset, array.length).set(array);
    return offset;
  }

  /** Pointer to an array the kernel writes (and may read first). */
  write(array: FloatArray): number {
    const pointer = this.arena.pointerOf(array);
    if (pointer >= 0) return pointer;
    const offset = this.read(array);
    this.writeBack.push([array as Float32Array, offset]);
    return offset;
  }

  /** Ends a call: copies staged outputs back to their arrays and frees the staging area. */
  done(): void {
    if (this.stagingUsed === 0) return;
    for (const [array, offset] of this.writeBack) array.set(this.arena.view(offset, array.length));
    this.writeBack.length = 0;
    this.stagingUsed = 0;
  }

  private stage(array: FloatArray): number {
    if (!(array instanceof Float32Array)) throw new Error(WASM_FLOAT32_ONLY);
    const bytes = Math.ceil((array.length * 4) / 16) * 16;
    if (this.stagingUsed + bytes > this.stagingBytes) {
      // Earlier staged arrays of this call keep their (old) region; later calls use the new one.
      this.stagingBytes = Math.max(2 * this.stagingBytes, 2 * (this.stagingUsed + bytes), 1 << 16);
      this.staging = this.arena.reserve(this.stagingBytes);
      this.stagingUsed = 0;
    }
    const offset = this.staging + this.stagingUsed;
    this.stagingUsed += bytes;
    return offset;
  }
}
