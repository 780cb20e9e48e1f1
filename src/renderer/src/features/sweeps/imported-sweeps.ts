import { canonicalJson } from '../../../../shared/engine/stable-key';
import type { SweepRecord, SweepRunRecord } from '../../db/database';

// Importing results of a sweep that is already here (the same file again, a newer copy, another
// shard) updates that sweep instead of adding a second one: runs are matched by key, a finished
// result wins over a failed or cancelled one and otherwise the newer import wins, the parameter
// values are the union of both, and what is missing is counted again over the whole plan. A run
// attached from the weights folder stays attached while its result is the same; a changed result
// (a run trained again) drops the link, since the attached weights are no longer its weights.

export interface ImportedSweep {
  sweep: SweepRecord;
  runs: SweepRunRecord[];
}

const FINISHED = new Set<SweepRunRecord['status']>(['done', 'stopped-early']);

const sameResult = (a: SweepRunRecord, b: SweepRunRecord) =>
  a.status === b.status && a.epochs === b.epochs && canonicalJson(a.final ?? null) === canonicalJson(b.final ?? null);

/** The incoming run, still attached to the kept one's run when it reports the same result. */
const keepAttached = (kept: SweepRunRecord | undefined, run: SweepRunRecord): SweepRunRecord =>
  kept?.runId && sameResult(kept, run) ? { ...run, runId: kept.runId } : run;

function unionValues(a: unknown, b: unknown): unknown {
  if (!Array.isArray(a) || !Array.isArray(b)) return b;
  const seen = new Set(a.map((value) => JSON.stringify(value)));
  return [...a, ...b.filter((value) => !seen.has(JSON.stringify(value)))];
}

export function mergeImported(existing: ImportedSweep, incoming: ImportedSweep): ImportedSweep {
  const byKey = new Map(existing.runs.map((run) => [run.key, run]));
  for (const run of incoming.runs) {
    const kept = byKey.get(run.key);
    if (!kept || !FINISHED.has(kept.status) || FINISHED.has(run.status)) byKey.set(run.key, keepAttached(kept, run));
  }
  const { id, createdAt } = existing.sweep;
  const runs = [...byKey.values()].map((run) => ({ ...run, sweepId: id })).sort((a, b) => a.index - b.index);
  const present = new Set(runs.map((run) => run.index));
  const total = incoming.sweep.total;
  const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !present.has(i));
  const files = [...new Set([...(existing.sweep.importedFiles ?? []), ...(incoming.sweep.importedFiles ?? [])])];
  const base = incoming.sweep.name.replace(/ \(imported from .*\)$/, '');
  const parameters = { ...existing.sweep.definition.parameters };
  for (const [name, values] of Object.entries(incoming.sweep.definition.parameters)) parameters[name] = unionValues(parameters[name], values) as typeof values;
  return {
    sweep: {
      ...incoming.sweep,
      id,
      createdAt,
      name: `${base} (imported from ${[files.join(', '), ...(missing.length ? [`${missing.length} of ${total} runs missing`] : [])].join(', ')})`,
      definition: { ...incoming.sweep.definition, parameters, repeats: Math.max(existing.sweep.definition.repeats, incoming.sweep.definition.repeats) },
      combinations: new Set(runs.map((run) => run.configKey)).size,
      missing,
      importedFiles: files,
    },
    runs,
  };
}
