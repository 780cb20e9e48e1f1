import { describe, expect, it } from 'vitest';
import { ArenaScratch, WasmArena } from '../../../../src/shared/nn/kernels/wasm-arena';
import { createKernelMemory, PAGE_BYTES } from '../../../../src/shared/nn/kernels/wasm-module';

// The wasm backend's bump allocator over its shared memory: where each reservation lands, when and
// by how much the memory grows, the message when it cannot, and which arrays it knows as its own.

describe('wasm arena', () => {
  it('hands out 64-byte-aligned offsets from the heap base on, each right after the last', () => {
    const arena = new WasmArena(createKernelMemory(1), 100);
    expect(arena.reserve(1)).toBe(128);
    expect(arena.reserve(64)).toBe(192);
    expect(arena.reserve(0)).toBe(256);
    expect(arena.reserve(65)).toBe(256);
    expect(arena.reserve(1)).toBe(384);
    expect(new WasmArena(createKernelMemory(1), 64).reserve(8)).toBe(64);
  });

  it('grows only past the end, by what is needed but at least doubling, keeping the bytes', () => {
    const memory = createKernelMemory(1);
    const arena = new WasmArena(memory, 0);
    arena.int32View(0, 1)[0] = 42;
    expect(arena.reserve(PAGE_BYTES)).toBe(0);
    expect(memory.buffer.byteLength).toBe(PAGE_BYTES);
    expect(arena.reserve(1)).toBe(PAGE_BYTES);
    expect(memory.buffer.byteLength).toBe(2 * PAGE_BYTES); // doubled
    // 3 pages more than fit: grows by those 3, more than doubling would.
    arena.reserve(4 * PAGE_BYTES - 64);
    expect(memory.buffer.byteLength).toBe(5 * PAGE_BYTES);
    arena.reserve(1);
    expect(memory.buffer.byteLength).toBe(10 * PAGE_BYTES); // doubled, though one page would do
    expect(arena.int32View(0, 1)[0]).toBe(42);
  });

  it('refuses more than the 2 GiB limit, saying how much it needs, and reserves nothing', () => {
    const memory = createKernelMemory(1);
    const arena = new WasmArena(memory, 0);
    expect(() => arena.reserve(2 ** 31 + 1)).toThrow(
      'The wasm kernel backend ran out of memory: it needs 2049 MiB, more than its 2 GiB limit. Use a smaller batch size or the "ts" backend.',
    );
    expect(memory.buffer.byteLength).toBe(PAGE_BYTES);
    expect(arena.reserve(1)).toBe(0);
  });

  it('gives zeroed float32 and float64 arrays in its memory and knows them, their subarrays and views of older buffers, not other arrays', () => {
    const memory = createKernelMemory(1);
    const arena = new WasmArena(memory, 8);
    const single = arena.float32(3);
    const double = arena.float64(2);
    expect(single).toBeInstanceOf(Float32Array);
    expect(double).toBeInstanceOf(Float64Array);
    expect([single.byteOffset, single.length, double.byteOffset, double.length]).toEqual([64, 3, 128, 2]);
    expect(Array.from(single)).toEqual([0, 0, 0]);
    expect(Array.from(double)).toEqual([0, 0]);
    double[1] = 0.1;
    expect(arena.float64View(136, 1)[0]).toBe(0.1);
    single[2] = 0.5;
    expect(arena.view(72, 1)[0]).toBe(0.5);
    expect(arena.pointerOf(single)).toBe(64);
    expect(arena.pointerOf(double)).toBe(128);
    const firstBuffer = single.buffer;
    const oldView = new Float32Array(firstBuffer, 256, 4);
    arena.reserve(PAGE_BYTES); // grows: firstBuffer is older now
    const middleView = arena.view(512, 2);
    arena.reserve(2 * PAGE_BYTES); // grows again
    expect(memory.buffer).not.toBe(firstBuffer);
    expect(arena.pointerOf(oldView)).toBe(256);
    expect(arena.pointerOf(middleView)).toBe(512);
    expect(arena.pointerOf(single.subarray(1))).toBe(68);
    expect(arena.pointerOf(arena.view(1024, 1))).toBe(1024);
    expect(arena.pointerOf(new Float32Array(4))).toBe(-1);
    expect(arena.pointerOf(new Float64Array(new SharedArrayBuffer(64), 8, 2))).toBe(-1);
    expect(arena.pointerOf(new WasmArena(createKernelMemory(1), 0).float32(1))).toBe(-1);
    // 16 doubles take 128 bytes; 16 floats 64.
    const top = arena.reserve(0);
    expect(arena.float64(16).byteOffset).toBe(top);
    expect(arena.float32(16).byteOffset).toBe(top + 128);
    expect(arena.reserve(0)).toBe(top + 192);
  });

  it('scratch keeps its pointer while a request fits and reserves at least double when it does not', () => {
    const arena = new WasmArena(createKernelMemory(1), 0);
    const scratch = new ArenaScratch(arena);
    expect(scratch.pointer).toBe(0);
    expect(scratch.ensure(100)).toBe(0);
    expect(scratch.ensure(100)).toBe(0);
    expect(scratch.ensure(20)).toBe(0);
    expect(scratch.pointer).toBe(0);
    expect(arena.reserve(1)).toBe(128); // the 100 bytes took 128
    expect(scratch.ensure(101)).toBe(192); // 200 bytes: double the 100
    expect(scratch.pointer).toBe(192);
    expect(arena.reserve(1)).toBe(448);
    expect(scratch.ensure(1000)).toBe(512); // 1000 bytes: more than double
    expect(arena.reserve(1)).toBe(1536);
  });
});
