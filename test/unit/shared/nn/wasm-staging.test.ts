import { describe, expect, it } from 'vitest';
import { WasmArena } from '../../../../src/shared/nn/kernels/wasm-arena';
import { createKernelMemory } from '../../../../src/shared/nn/kernels/wasm-module';
import { WasmStaging, wrongDtypeMessage } from '../../../../src/shared/nn/kernels/wasm-staging';

// How a kernel call gets pointers: the arena's own arrays as they are, other arrays copied into a
// staging area (16-byte slots, one area reused call after call) and, when written, copied back.

describe('wasm staging', () => {
  it('hands over the arena’s own arrays and their subarrays without copying', () => {
    const arena = new WasmArena(createKernelMemory(1), 0);
    const staging = new WasmStaging(arena, 'float32');
    const own = arena.float32(4);
    expect(staging.read(own)).toBe(0);
    expect(staging.write(own.subarray(2))).toBe(8);
    expect(arena.reserve(1)).toBe(64); // nothing staged
  });

  it('copies other arrays in, each in its own 16-byte slot, and copies back only the written ones at done', () => {
    const arena = new WasmArena(createKernelMemory(1), 0);
    const staging = new WasmStaging(arena, 'float32');
    const input = Float32Array.of(1, 2, 3);
    const output = Float32Array.of(4, 5, 6, 7, 8);
    const a = staging.read(input);
    const b = staging.write(output);
    expect([a, b]).toEqual([0, 16]);
    expect(Array.from(arena.view(a, 3))).toEqual([1, 2, 3]);
    expect(Array.from(arena.view(b, 5))).toEqual([4, 5, 6, 7, 8]);
    arena.view(a, 3).fill(-1);
    arena.view(b, 5).set([10, 20, 30, 40, 50]);
    expect(Array.from(output)).toEqual([4, 5, 6, 7, 8]); // not before done
    staging.done();
    expect(Array.from(output)).toEqual([10, 20, 30, 40, 50]);
    expect(Array.from(input)).toEqual([1, 2, 3]);
    // The area is 64 KiB, reserved once: the next call starts at its beginning again.
    expect(arena.reserve(1)).toBe(65536);
    expect(staging.read(Float32Array.of(9))).toBe(0);
    staging.done();
    arena.view(16, 5).fill(0);
    staging.done(); // nothing staged: the earlier output is not copied back again
    expect(Array.from(output)).toEqual([10, 20, 30, 40, 50]);
  });

  it('reserves a larger area when a call outgrows it, keeping the arrays already staged', () => {
    const arena = new WasmArena(createKernelMemory(1), 0);
    const staging = new WasmStaging(arena, 'float64');
    const small = Float64Array.of(0.1, 0.2);
    const written = new Float64Array(2);
    expect(staging.read(small)).toBe(0);
    expect(staging.write(written)).toBe(16);
    // 70 000 bytes do not fit in the 64 KiB area: a new one of 2 × (32 + 70 000) bytes follows it.
    const big = new Float64Array(8750).fill(0.5);
    expect(staging.read(big)).toBe(65536);
    expect(Array.from(arena.float64View(0, 2))).toEqual([0.1, 0.2]);
    arena.float64View(16, 2).set([0.3, 0.7]);
    staging.done();
    expect(Array.from(written)).toEqual([0.3, 0.7]);
    expect(arena.reserve(1)).toBe(65536 + 140_096); // 140 064 bytes, 64-byte aligned
    expect(staging.read(big)).toBe(65536); // the new area is the one reused
    expect(arena.float64View(65536, 8750).every((v) => v === 0.5)).toBe(true);
    staging.done();
    // Filled to its last byte before the next area is reserved.
    expect(staging.read(big)).toBe(65536);
    expect(staging.read(big)).toBe(65536 + 70_000);
    for (const used of [140_000, 140_016, 140_032, 140_048]) expect(staging.read(Float64Array.of(1))).toBe(65536 + used);
    expect(staging.read(Float64Array.of(1))).toBe(65536 + 140_096 + 64);
    expect(arena.reserve(1)).toBe(65536 + 140_096 + 64 + 280_192); // 2 × 140 080 bytes, aligned
  });

  it('refuses an array of the other dtype, saying which dtype it computes in', () => {
    const arena = new WasmArena(createKernelMemory(1), 0);
    expect(() => new WasmStaging(arena, 'float32').read(new Float64Array(2))).toThrow(wrongDtypeMessage('float32'));
    expect(() => new WasmStaging(arena, 'float64').write(new Float32Array(2))).toThrow(wrongDtypeMessage('float64'));
    expect(wrongDtypeMessage('float32')).toBe(
      'This "wasm" kernel backend computes in float32 (one backend per network, made for its training.dtype); it was given float64 values.',
    );
    expect(wrongDtypeMessage('float64')).toContain('computes in float64 (one backend per network, made for its training.dtype); it was given float32 values.');
  });
});
