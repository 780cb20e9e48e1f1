import { describe, expect, it } from 'vitest';
import { decodeArgs, encodeArgs, layoutOf } from '../../../../src/shared/nn/kernels/wasm-control-block';
import { helperProgram } from '../../../../src/shared/nn/kernels/wasm-helper-program';
import { CONTROL_INTS, JOB_ENTRIES, JOB_KINDS } from '../../../../src/shared/nn/kernels/wasm-jobs';

// The table of helper-thread job kinds: each kind's arguments get slots of their own in the control
// block, laid out from its fields, read back as written (float32 fields rounded as float32), and
// the helpers' program carries every kind's one chunk function. (That every kind gives the same
// bits on the helpers as alone is tested with the kernels: wasm-threads and kernels-wasm-sparse.)

describe('helper-thread job kinds', () => {
  it('lay each kind’s fields out in slots of their own, float64 ones 8-byte aligned, inside the control block', () => {
    expect(JOB_KINDS.length).toBeGreaterThan(0);
    // Each kind once, under a name of its own (the name is how messages and these tests tell them apart).
    expect(new Set(JOB_KINDS.map((kind) => kind.name)).size).toBe(JOB_KINDS.length);
    expect(JOB_KINDS.map((kind) => JOB_ENTRIES.get(kind)!.id)).toEqual(JOB_KINDS.map((_, i) => i));
    for (const kind of JOB_KINDS) {
      const { layout } = JOB_ENTRIES.get(kind)!;
      expect(layout.map(([name]) => name), kind.name).toEqual(Object.keys(kind.fields));
      const used = layout.flatMap(([, type, slot]) => (type === 2 ? [slot, slot + 1] : [slot]));
      expect(new Set(used).size, `${kind.name}: no slot twice`).toBe(used.length);
      expect(Math.min(...used), `${kind.name}: after the header`).toBeGreaterThanOrEqual(8);
      expect(Math.max(...used), kind.name).toBeLessThan(CONTROL_INTS);
    }
    const mixed = layoutOf({ a: 'i32', b: 'f64', c: 'f32', d: 'f64' });
    expect(mixed).toEqual([
      ['a', 0, 8],
      ['b', 2, 10],
      ['c', 1, 12],
      ['d', 2, 14],
    ]);
  });

  it('read back the arguments as written, float32 ones rounded to float32', () => {
    const buffer = new ArrayBuffer(CONTROL_INTS * 4 + 64);
    const views = { ints: new Int32Array(buffer), floats: new Float32Array(buffer), doubles: new Float64Array(buffer) };
    const layout = layoutOf({ n: 'i32', alpha: 'f32', scale: 'f64', negative: 'i32' });
    encodeArgs(layout, { n: 123456789, alpha: 0.1, scale: 0.1, negative: -7 }, views);
    expect(decodeArgs(layout, views)).toEqual({ n: 123456789, alpha: Math.fround(0.1), scale: 0.1, negative: -7 });
    for (const kind of JOB_KINDS) {
      const { layout: kindLayout } = JOB_ENTRIES.get(kind)!;
      const args = Object.fromEntries(kindLayout.map(([name], i) => [name, 1000 + 17 * i]));
      encodeArgs(kindLayout, args, views);
      expect(decodeArgs(kindLayout, views), kind.name).toEqual(args);
    }
  });

  it('give the helpers a program holding every kind’s chunk function itself, which compiles', () => {
    const program = helperProgram();
    for (const kind of JOB_KINDS) expect(program, kind.name).toContain(kind.chunk.toString());
    expect(() => new Function(program)).not.toThrow();
  });
});
