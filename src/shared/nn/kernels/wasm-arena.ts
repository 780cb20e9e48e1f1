import type { FloatArray } from './types';
import { MAXIMUM_PAGES, PAGE_BYTES } from './wasm-module';

// The linear memory of one WebAssembly kernel backend and a bump allocator over it. Every buffer
// of a network (parameters, gradients, optimizer state, batch buffers) is a Float32Array or
// Float64Array view into this memory (the network's dtype), so the kernels run on them in place
// with no copying.
//
// Why growth cannot bite: the memory is shared (SharedArrayBuffer-backed). Growing a shared
// memory never detaches or moves existing buffers — it hands out a new, longer SharedArrayBuffer
// over the same bytes — so views made before a growth stay valid for their whole life. The arena
// remembers every buffer object the memory has had, to recognise its own views.
//
// Nothing is freed individually: a network allocates its buffers once (per batch size) and reuses
// them, and the whole memory goes away with the backend object that owns it — one per network.

const ALIGN = 64;

const alignUp = (bytes: number) => Math.ceil(bytes / ALIGN) * ALIGN;

export class WasmArena {
  private top: number;
  /** memory.buffer as of the last growth: reading the getter of a shared memory is not cheap. */
  private current: ArrayBufferLike;
  /**
   * The pointer of every array float32() or float64() handed out. Every kernel call asks for the pointers of
   * its arrays, and on views of shared memory reading .buffer and .byteOffset costs several times
   * a lookup here (docs/perf-notes.md).
   */
  private readonly pointers = new WeakMap<FloatArray, number>();
  /** The buffers the memory had before its last growth (few: it grows by doubling). */
  private readonly older = new Set<ArrayBufferLike>();

  constructor(
    readonly memory: WebAssembly.Memory,
    heapBase: number,
  ) {
    this.top = alignUp(heapBase);
    this.current = memory.buffer;
  }

  /** Reserves `bytes` (64-byte aligned, zero on first use) and returns their byte offset. */
  reserve(bytes: number): number {
    const offset = this.top;
    const end = alignUp(offset + bytes);
    const size = this.current.byteLength;
    if (end > size) {
      const pages = size / PAGE_BYTES;
      const needed = Math.ceil((end - size) / PAGE_BYTES);
      // Grow at least by doubling, so a run that allocates in many small steps grows O(log n) times.
      const grow = Math.min(Math.max(needed, pages), MAXIMUM_PAGES - pages);
      if (grow < needed) {
        const limit = (MAXIMUM_PAGES * PAGE_BYTES) / 2 ** 30;
        throw new Error(
          `The wasm kernel backend ran out of memory: it needs ${Math.ceil(end / 2 ** 20)} MiB, more than its ${limit} GiB limit. Use a smaller batch size or the "ts" backend.`,
        );
      }
      this.memory.grow(grow);
      this.older.add(this.current);
      this.current = this.memory.buffer;
    }
    this.top = end;
    return offset;
  }

  /** A new zeroed Float32Array of `length` inside the memory. */
  float32(length: number): Float32Array {
    const array = this.view(this.reserve(length * 4), length);
    this.pointers.set(array, array.byteOffset);
    return array;
  }

  /** A new zeroed Float64Array of `length` inside the memory. */
  float64(length: number): Float64Array {
    const array = this.float64View(this.reserve(length * 8), length);
    this.pointers.set(array, array.byteOffset);
    return array;
  }

  /** A Float32Array over `length` floats at byte `offset`. */
  view(offset: number, length: number): Float32Array {
    return new Float32Array(this.current, offset, length);
  }

  /** A Float64Array over `length` doubles at byte `offset` (a multiple of 8). */
  float64View(offset: number, length: number): Float64Array {
    return new Float64Array(this.current, offset, length);
  }

  /** An Int32Array over `length` ints at byte `offset`. */
  int32View(offset: number, length: number): Int32Array {
    return new Int32Array(this.current, offset, length);
  }

  /**
   * The byte offset of `array` in this memory — a pointer the kernels can use — or -1 when it is
   * not a view into this memory. Arrays from float32() and float64() are looked up; other views (subarrays of
   * them, say) are recognised by their buffer.
   */
  pointerOf(array: FloatArray): number {
    const known = this.pointers.get(array);
    if (known !== undefined) return known;
    const buffer = array.buffer;
    return buffer === this.current || this.older.has(buffer) ? array.byteOffset : -1;
  }
}

/** One buffer of an arena, reserved again (larger) when a call needs more. */
export class ArenaScratch {
  pointer = 0;
  private bytes = 0;
  constructor(private readonly arena: WasmArena) {}
  /** A pointer to at least `bytes` bytes (contents not kept across growth). */
  ensure(bytes: number): number {
    if (bytes > this.bytes) {
      this.bytes = Math.max(bytes, 2 * this.bytes);
      this.pointer = this.arena.reserve(this.bytes);
    }
    return this.pointer;
  }
}
