import { mergeResults, parseResultLines } from '../../../../shared/engine/sweep-merge';
import { SweepSchema } from '../../../../shared/schema/sweep';
import type { SweepRecord, SweepRunRecord } from '../../db/database';

// A results file from the CLI (`sweep`, or `merge` of its shards) becomes a finished sweep in the
// app, to rank and chart like one trained here. The file holds each run's parameter values and
// experiment but not the sweep definition, so the definition is rebuilt from them: the first
// run's experiment as the base and each parameter's distinct values as a list.

export function importResults(text: string, fileName: string, { id, createdAt }: { id: string; createdAt: number }): { sweep: SweepRecord; runs: SweepRunRecord[] } {
  const file = parseResultLines(text, fileName);
  const merged = mergeResults([{ name: fileName, lines: file.lines }]);
  // A Map, not an object: the names come from the file, and a name like "constructor" must not find Object's.
  const parameters = new Map<string, unknown[]>();
  for (const line of merged.lines) {
    for (const [name, value] of Object.entries(line.config)) {
      const values = parameters.get(name) ?? parameters.set(name, []).get(name)!;
      if (!values.some((known) => JSON.stringify(known) === JSON.stringify(value))) values.push(value);
    }
  }
  const first = merged.lines[0];
  const definition = SweepSchema.parse({
    experiment: first.experiment,
    parameters: Object.fromEntries(parameters),
    repeats: Math.max(...merged.lines.map((line) => line.repeat)) + 1,
  });
  const combinations = new Set(merged.lines.map((line) => line.configKey)).size;
  // The name is where the sweep list shows how complete an import is, so a cut-off line is told there.
  const notes = [
    ...(merged.missing.length ? [`${merged.missing.length} of ${merged.runs} runs missing`] : []),
    ...(file.cutOffLine ? [`line ${file.cutOffLine} cut off mid-write and left out`] : []),
  ];
  const name = `${first.experiment.name?.split(' · ')[0] ?? 'Sweep'} (imported from ${[fileName, ...notes].join(', ')})`;
  return {
    // The whole planned sweep, even from one shard's file: its size and which runs are not here.
    sweep: { id, name, createdAt, endedAt: createdAt, status: 'done', definition, planId: merged.sweep, total: merged.runs, missing: merged.missing, combinations, imported: true, importedFiles: [fileName] },
    runs: merged.lines.map((line) => ({
      sweepId: id,
      index: line.index,
      key: line.key,
      configKey: line.configKey,
      config: line.config,
      repeat: line.repeat,
      experiment: line.experiment,
      status: line.status,
      ...(line.prunedAt ? { message: `Stopped by successive halving at epoch ${line.prunedAt}.` } : line.message ? { message: line.message } : {}),
      epochs: line.epochs,
      final: line.final,
      best: line.best,
      seconds: line.seconds,
    })),
  };
}
