// Runs continued or forked from a checkpoint share their parent's history up to the epoch they went
// on from. A run's lineage lists where each stretch of its epochs came from; two runs share the
// epochs their lineages agree on, from the first, up to their common epoch, and diverge after it.

/** What lineage needs of a run record. */
export interface RunLink {
  id: string;
  /** The run it went on from, and at which epoch (both set for a run resumed from a checkpoint). */
  continuedFrom?: string;
  resumedFromEpoch?: number;
}

/** Epochs after the previous segment's `upTo` and up to this one's were trained by `runId`. */
export interface Segment {
  runId: string;
  upTo: number;
}

/**
 * The run's lineage, oldest first; the last segment is the run's own (open-ended). A parent that is
 * no longer known (deleted) ends the walk, and so does a loop.
 */
export function lineage(runId: string, lookup: (id: string) => RunLink | undefined, seen = new Set<string>()): Segment[] {
  seen.add(runId);
  const run = lookup(runId);
  const own = { runId, upTo: Infinity };
  if (run?.continuedFrom === undefined || run.resumedFromEpoch === undefined || seen.has(run.continuedFrom)) return [own];
  const from = run.resumedFromEpoch;
  // The parent's history up to `from` only (the parent may itself have gone on from an ancestor's epoch).
  const inherited: Segment[] = [];
  let start = 0;
  for (const segment of lineage(run.continuedFrom, lookup, seen)) {
    if (start >= from) break;
    inherited.push({ runId: segment.runId, upTo: Math.min(segment.upTo, from) });
    start = segment.upTo;
  }
  return [...inherited, own];
}

/** The last epoch two lineages share (they trained the same epochs 1…N), or undefined when they share none. */
export function commonEpoch(a: readonly Segment[], b: readonly Segment[]): number | undefined {
  let common: number | undefined;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i].runId !== b[i].runId) break;
    const upTo = Math.min(a[i].upTo, b[i].upTo);
    if (upTo === Infinity) return undefined; // the same run twice: not a branch
    common = upTo;
    if (a[i].upTo !== b[i].upTo) break;
  }
  return common !== undefined && common > 0 ? common : undefined;
}

/** Where a compared run branches from the others: the latest epoch it shares with one of them, and with which. */
export interface BranchPoint {
  epoch: number;
  /** The compared run it shares that epoch with. */
  with: string;
}

/** For each compared run that shares epochs with another compared run, its latest common epoch. */
export function branchPoints(runIds: readonly string[], lookup: (id: string) => RunLink | undefined): Map<string, BranchPoint> {
  const lineages = runIds.map((id) => lineage(id, lookup));
  const points = new Map<string, BranchPoint>();
  runIds.forEach((id, i) => {
    runIds.forEach((other, j) => {
      if (i === j || id === other) return;
      const epoch = commonEpoch(lineages[i], lineages[j]);
      const known = points.get(id);
      if (epoch !== undefined && (!known || epoch > known.epoch)) points.set(id, { epoch, with: other });
    });
  });
  return points;
}
