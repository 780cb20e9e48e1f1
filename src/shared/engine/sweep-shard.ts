// A deterministic slice of a sweep for one machine of many: shard k of N takes every N-th run
// starting at the k-th (round robin), so the expensive corners of a grid spread over all shards
// instead of landing on one. Every shard plans the same sweep, so the union of shards 1…N is the
// whole plan and no run is in two of them.

export interface Shard {
  /** 1-based, as batch systems number array tasks. */
  index: number;
  count: number;
}

/** Parses "k/N" (1 ≤ k ≤ N); the message says what was expected. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new Error(`--shard: expected k/N such as 2/8, got '${text}'`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  // N = 0 needs no test of its own: no k satisfies 1 ≤ k ≤ 0.
  if (index < 1 || index > count) throw new Error(`--shard: expected 1 ≤ k ≤ N in k/N, got '${text}'`);
  return { index, count };
}

export function shardOf<T extends { index: number }>(runs: readonly T[], { index, count }: Shard): T[] {
  return runs.filter((run) => run.index % count === index - 1);
}
