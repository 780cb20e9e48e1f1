import { describe, expect, it } from 'vitest';
import { planSweep } from '../../../../src/shared/engine/sweep-plan';
import { parseShard, shardOf } from '../../../../src/shared/engine/sweep-shard';
import { sweepOf } from './sweep-fixtures';

describe('sharding', () => {
  const plan = planSweep(sweepOf({ parameters: { learningRate: [0.1, 0.03, 0.01], width: [2, 4, 8, 16, 32] }, repeats: 2 }));

  it.each([1, 2, 3, 7, 30, 31])('splits %i ways: the union is the whole plan and no run is in two shards', (count) => {
    const shards = Array.from({ length: count }, (_, k) => shardOf(plan.runs, { index: k + 1, count }));
    const keys = shards.flat().map((run) => run.key);
    expect(keys).toHaveLength(plan.runs.length);
    expect(new Set(keys)).toEqual(new Set(plan.runs.map((run) => run.key)));
    const sizes = shards.map((shard) => shard.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('deals runs round robin, so shard 2/4 of 30 runs holds indexes 1, 5, 9, …', () => {
    expect(shardOf(plan.runs, parseShard('2/4')).map((run) => run.index)).toEqual([1, 5, 9, 13, 17, 21, 25, 29]);
  });

  it('parses k/N and explains what it expected', () => {
    expect(parseShard(' 3 / 8 ')).toEqual({ index: 3, count: 8 });
    expect(() => parseShard('3-8')).toThrow("--shard: expected k/N such as 2/8, got '3-8'");
    expect(() => parseShard('0/4')).toThrow("--shard: expected 1 ≤ k ≤ N in k/N, got '0/4'");
    expect(() => parseShard('5/4')).toThrow("--shard: expected 1 ≤ k ≤ N in k/N, got '5/4'");
    expect(() => parseShard('0/0')).toThrow("--shard: expected 1 ≤ k ≤ N in k/N, got '0/0'");
    expect(parseShard('4/4')).toEqual({ index: 4, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard('12/16')).toEqual({ index: 12, count: 16 });
    for (const text of ['x3/8', '3/8x', '3/8/9']) expect(() => parseShard(text)).toThrow(`--shard: expected k/N such as 2/8, got '${text}'`);
  });
});
