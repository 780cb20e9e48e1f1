// The files `sweep --weights-dir` writes per run, named so that the app can tell which run of which
// sweep a file belongs to: `00012-<run key>.weights.json` (the weights it ended with) and
// `00012-<run key>.history.jsonl` (every epoch's event as the engine reported it), the plan index
// padded to five digits so a folder lists in plan order.

export type SweepRunFileKind = 'weights' | 'history';

const SUFFIX: Record<SweepRunFileKind, string> = { weights: '.weights.json', history: '.history.jsonl' };

export function sweepRunFileName(index: number, key: string, kind: SweepRunFileKind): string {
  return `${String(index).padStart(5, '0')}-${key}${SUFFIX[kind]}`;
}

/** The run a file name stands for, or undefined when it is not a sweep run's file. */
export function parseSweepRunFileName(name: string): { index: number; key: string; kind: SweepRunFileKind } | undefined {
  const match = /^(\d{5,})-([^/\\]+?)(\.weights\.json|\.history\.jsonl)$/.exec(name);
  if (!match) return undefined;
  return { index: Number(match[1]), key: match[2], kind: match[3] === SUFFIX.weights ? 'weights' : 'history' };
}
