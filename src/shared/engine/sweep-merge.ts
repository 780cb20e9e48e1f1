import { describeIssue } from '../schema/protocol';
import { SweepResultLineSchema, type SweepResultLine } from '../schema/sweep-result';
import { findUnsafeKey } from '../schema/unsafe-keys';

// Joining the result files of a sweep's shards (or of a sweep resumed after a crash): every line is
// checked, every file must come from the same sweep, a run present twice is kept once (a finished
// copy wins over a cancelled or failed one), and what is still missing is counted, not guessed.

export interface ResultsFile {
  lines: SweepResultLine[];
  /**
   * The number of the last line when it was cut off mid-write (a crash during an append: no
   * newline, not JSON) and so left out; its run counts as missing.
   */
  cutOffLine?: number;
}

/** What to tell the user about a cut-off last line. */
export const cutOffWarning = (fileName: string, line: number) =>
  `${fileName} line ${line} was cut off mid-write (the process writing it stopped) and is left out`;

/**
 * Reads a results file; a bad line is reported with its file, line number and field, except a
 * cut-off last line: results are appended one line per run, so a crash can leave exactly that.
 */
export function parseResultLines(text: string, fileName: string): ResultsFile {
  const lines: SweepResultLine[] = [];
  const rows = text.split('\n');
  let cutOffLine: number | undefined;
  rows.forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      // Only the last line can lack its newline; anything before it was written whole.
      if (i === rows.length - 1) {
        cutOffLine = i + 1;
        return;
      }
      throw new Error(`${fileName} line ${i + 1}: not JSON; expected one sweep result object per line`);
    }
    const unsafe = findUnsafeKey(json);
    if (unsafe) throw new Error(`${fileName} line ${i + 1}: '${unsafe.at(-1)}' is not allowed as a key (at ${unsafe.join('.')}): it names an object's prototype`);
    const parsed = SweepResultLineSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${fileName} line ${i + 1}: not a sweep result — ${describeIssue(parsed.error)}`);
    lines.push(parsed.data);
  });
  return { lines, cutOffLine };
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
  if (!first) {
    const why = files.length === 0 ? 'no files given' : `${files.map((file) => file.name).join(', ')} ${files.length === 1 ? 'is' : 'are'} empty`;
    throw new Error(`No results to merge: ${why}`);
  }
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
