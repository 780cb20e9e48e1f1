import { describeIssue } from '../schema/protocol';
import { SweepResultLineSchema, type SweepResultLine } from '../schema/sweep-result';

// Joining the result files of a sweep's shards (or of a sweep resumed after a crash): every line is
// checked, every file must come from the same sweep, a run present twice is kept once (a finished
// copy wins over a cancelled or failed one), and what is still missing is counted, not guessed.

/** Reads a results file; a bad line is reported with its file, line number and field. */
export function parseResultLines(text: string, fileName: string): SweepResultLine[] {
  const lines: SweepResultLine[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${fileName} line ${i + 1}: not JSON; expected one sweep result object per line`);
    }
    const parsed = SweepResultLineSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${fileName} line ${i + 1}: not a sweep result — ${describeIssue(parsed.error)}`);
    lines.push(parsed.data);
  });
  return lines;
}

export interface MergedResults {
  sweep: string;
  /** Runs in the whole sweep. */
  runs: number;
  /** One line per run key, in plan order. */
  lines: SweepResultLine[];
  /** Lines dropped because the same run appeared again. */
  duplicates: number;
  /** Plan indexes with no result yet. */
  missing: number[];
}

const FINISHED: SweepResultLine['status'][] = ['done', 'stopped-early'];

export function mergeResults(files: { name: string; lines: SweepResultLine[] }[]): MergedResults {
  const first = files.find((file) => file.lines.length > 0);
  if (!first) throw new Error(`No results to merge: ${files.map((file) => file.name).join(', ') || 'no files given'} ${files.length === 1 ? 'is' : 'are'} empty`);
  const { sweep, runs } = first.lines[0];
  const byKey = new Map<string, SweepResultLine>();
  let duplicates = 0;
  for (const file of files) {
    file.lines.forEach((line) => {
      if (line.sweep !== sweep || line.runs !== runs) {
        throw new Error(
          `${file.name}: its results belong to sweep ${line.sweep} (${line.runs} runs), but ${first.name} to sweep ${sweep} (${runs} runs); merge only shards of the same sweep definition`,
        );
      }
      const kept = byKey.get(line.key);
      if (!kept) {
        byKey.set(line.key, line);
        return;
      }
      duplicates++;
      if (!FINISHED.includes(kept.status) && FINISHED.includes(line.status)) byKey.set(line.key, line);
    });
  }
  const lines = [...byKey.values()].sort((a, b) => a.index - b.index);
  const present = new Set(lines.map((line) => line.index));
  const missing = Array.from({ length: runs }, (_, i) => i).filter((i) => !present.has(i));
  return { sweep, runs, lines, duplicates, missing };
}
