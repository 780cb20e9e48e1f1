import { parseArgs } from 'node:util';
import { cutOffWarning, mergeResults, parseResultLines } from '../../shared/engine/sweep-merge';
import { UsageError } from '../args';
import { readText } from '../files';
import { checkOutputFile, writeOutputFile } from '../output-paths';

// merge <results.jsonl>… [--out merged.jsonl]
// Joins the result files of a sweep's shards into one, in plan order, one line per run; says how
// many runs are still missing so a failed shard is noticed before the results are trusted.

export async function mergeCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { out: { type: 'string' } } });
  } catch (error) {
    throw new UsageError(`merge: ${(error as Error).message.replace(/\. To specify a positional.*$/s, '.')}`);
  }
  const files = parsed.positionals;
  if (files.length === 0) throw new UsageError('merge expects one or more results files.');
  const out = parsed.values.out;
  if (out !== undefined) checkOutputFile(out, 'merged results file');
  const merged = mergeResults(
    files.map((name) => {
      const file = parseResultLines(readText(name, 'results file'), name);
      if (file.cutOffLine) process.stderr.write(`nn-workbench: warning: ${cutOffWarning(name, file.cutOffLine)}.\n`);
      return { name, lines: file.lines };
    }),
  );
  const text = merged.lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
  if (out) {
    writeOutputFile(out, text, 'merged results file');
  } else {
    process.stdout.write(text);
  }
  const missing = merged.missing.length;
  const shown = merged.missing.slice(0, 10).join(', ') + (missing > 10 ? ', …' : '');
  // With the merged lines on stdout, the summary goes to stderr so a pipe receives only results.
  (out ? process.stdout : process.stderr).write(
    `merged ${files.length} file${files.length === 1 ? '' : 's'}: ${merged.lines.length} of ${merged.runs} runs` +
      (merged.duplicates ? `, ${merged.duplicates} duplicate${merged.duplicates === 1 ? '' : 's'} dropped` : '') +
      (missing ? `; missing run${missing === 1 ? '' : 's'} ${shown}` : '') +
      (out ? ` → ${out}` : '') +
      '\n',
  );
  return 0;
}
