import { describe, expect, it } from 'vitest';
import { cos, log, sin } from '../../../../src/shared/nn/math';
import { createRng, restoreRng, shuffleInPlace } from '../../../../src/shared/nn/rng';

// The seeded generator against an independent implementation of the same algorithm (a Python
// port with explicit 32-bit masks: splitmix32 with Wellons' lowbias32 finalizer spreading the seed
// over sfc32's four words, then 12 outputs discarded): every random number in the product comes
// from here, so a change to any operation would silently change every seeded run.

const u32 = (x: number) => x * 4294967296;

describe('rng', () => {
  it.each([
    [0, [548183886, 1097162541, 2219297441, 1664216021]],
    [1, [1130556604, 2591592147, 3014952990, 960850752]],
    // A seed is taken modulo 2^32, as an unsigned integer.
    [2 ** 32 + 1, [1130556604, 2591592147, 3014952990, 960850752]],
    [-1, [2246433216, 2156899173, 2040853526, 3823104220]],
  ])('seed %d draws the reference sequence', (seed, expected) => {
    const rng = createRng(seed);
    expect(Array.from({ length: 4 }, () => u32(rng.next()))).toEqual(expected);
  });

  it('exports its state as the four unsigned words, and restores to draw on the same', () => {
    const rng = createRng(7);
    expect([rng.next(), rng.next(), rng.next()].map(u32)).toEqual([4212924469, 4164243871, 2619167075]);
    expect(rng.state()).toEqual({ words: [1146746946, 1846046223, 117364893, 1648156502], spareNormal: null });
    const restored = restoreRng(rng.state());
    expect(Array.from({ length: 5 }, () => restored.next())).toEqual(Array.from({ length: 5 }, () => rng.next()));
  });

  it('int(n) is ⌊next·n⌋', () => {
    const a = createRng(0);
    // ⌊548183886/2³²·10⌋, ⌊1097162541/2³²·10⌋, ⌊2219297441/2³²·1000⌋, ⌊1664216021/2³²·2⌋
    expect([a.int(10), a.int(10), a.int(1000), a.int(2)]).toEqual([1, 2, 516, 0]);
  });

  it('normal() draws Box–Muller pairs: r·cos 2πv, then r·sin 2πv, with u = 1 − next', () => {
    const rng = createRng(0);
    const u = 1 - 548183886 / 2 ** 32;
    const v = 1097162541 / 2 ** 32;
    const r = Math.sqrt(-2 * log(u));
    expect(rng.normal()).toBe(r * cos(2 * Math.PI * v));
    expect(rng.state().spareNormal).toBe(r * sin(2 * Math.PI * v));
    expect(rng.normal()).toBe(r * sin(2 * Math.PI * v));
    expect(rng.state().spareNormal).toBeNull();
    // The pair took two draws; the next pair takes the next two.
    expect(u32(rng.next())).toBe(2219297441);
  });

  it('a restored state keeps the second normal of a pair', () => {
    const rng = createRng(3);
    rng.normal();
    const restored = restoreRng(JSON.parse(JSON.stringify(rng.state())));
    expect([restored.normal(), restored.normal(), restored.next()]).toEqual([rng.normal(), rng.normal(), rng.next()]);
  });

  it('clone() draws what the original will, without advancing it', () => {
    const rng = createRng(9);
    rng.normal();
    const copy = rng.clone();
    const fromCopy = [copy.normal(), copy.next(), copy.normal()];
    expect([rng.normal(), rng.next(), rng.normal()]).toEqual(fromCopy);
  });

  it('fork() seeds a new generator with the next 32-bit output', () => {
    const parent = createRng(5);
    const child = parent.fork();
    expect([child.next(), child.next()].map(u32)).toEqual([192567073, 4122448457]);
    expect(u32(parent.next())).toBe(2536501944);
  });

  it('shuffleInPlace is the Fisher–Yates shuffle drawing j = int(i + 1) from the end', () => {
    const order = Int32Array.from({ length: 10 }, (_, i) => i);
    shuffleInPlace(order, createRng(3));
    expect(Array.from(order)).toEqual([0, 4, 1, 9, 2, 3, 8, 6, 7, 5]);
    // Ten entries take nine draws: the stream goes on from the tenth.
    const rng = createRng(3);
    shuffleInPlace(Int32Array.from({ length: 10 }, (_, i) => i), rng);
    expect(u32(rng.next())).toBe(4180123495);
    const plain = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    shuffleInPlace(plain, createRng(3));
    expect(plain).toEqual([0, 4, 1, 9, 2, 3, 8, 6, 7, 5]);
    const single = [42];
    shuffleInPlace(single, createRng(3));
    expect(single).toEqual([42]);
  });
});
