import type { SweepRecord } from '../../db/database';

// What an imported sweep holds: how many of its planned runs the imported files had, which ones
// are missing (other shards, or not run yet).

/** "3, 5–9, 12": plan indexes (0-based) as 1-based run numbers, consecutive ones as ranges. */
export function describeIndexes(indexes: readonly number[], limit = 12): string {
  const ranges: [number, number][] = [];
  for (const index of [...indexes].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && index === last[1] + 1) last[1] = index;
    else ranges.push([index, index]);
  }
  const parts = ranges.slice(0, limit).map(([from, to]) => (from === to ? `${from + 1}` : `${from + 1}–${to + 1}`));
  return ranges.length > limit ? `${parts.join(', ')} and ${ranges.length - limit} more ranges` : parts.join(', ');
}

export function ImportedSweepNote({ sweep, imported }: { sweep: SweepRecord; imported: number }) {
  const missing = sweep.missing ?? [];
  return (
    <div className="sweep-imported muted" data-testid="sweep-imported" data-imported={imported} data-planned={sweep.total} data-missing={missing.length}>
      <p>
        {missing.length > 0 ? (
          <>
            <strong>
              {imported} of the {sweep.total} planned runs
            </strong>{' '}
            imported; missing runs {describeIndexes(missing)} (other shards, or not run yet). Import their results files to add them.
          </>
        ) : (
          <>All {sweep.total} planned runs imported.</>
        )}
      </p>
    </div>
  );
}
