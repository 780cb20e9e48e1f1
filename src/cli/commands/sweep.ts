import { appendFileSync, existsSync, truncateSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cutOffWarning, mergeResults, parseResultLines } from '../../shared/engine/sweep-merge';
import { planSweep, rungEpochs, type PlannedRun } from '../../shared/engine/sweep-plan';
import { parseShard, shardOf } from '../../shared/engine/sweep-shard';
import { defaultMetric, halvingSurvivors } from '../../shared/engine/successive-halving';
import { estimatedRunWork } from '../../shared/engine/run-work';
import { sweepRunFileName } from '../../shared/engine/sweep-run-files';
import { rankRuns, type Ranking } from '../../shared/engine/sweep-summary';
import type { Sweep } from '../../shared/schema/sweep';
import type { SweepResultLine } from '../../shared/schema/sweep-result';
import { parseCommandArgs, UsageError } from '../args';
import { parseParallel } from '../parallel-option';
import { readText, reason } from '../files';
import { loadSweep } from '../load-sweep';
import { checkOutputFile, prepareOutputDirectory } from '../output-paths';
import type { JobOutcome } from '../sweep-messages';
import { createSweepPool, type SweepPool } from '../sweep-pool';
import { preflightSweep } from '../sweep-preflight';
import { createSweepProgress, formatDuration, type SweepProgress } from '../sweep-progress';

// sweep <sweep.json> [--parallel N] [--shard k/N] [--out results.jsonl] [--weights-dir dir] [--retry failed]
// Trains every run of the sweep (or of one shard of it) in worker processes and appends one result
// line per run as it ends, so an interrupted sweep resumes where it stopped when started again with
// the same --out. Ctrl-C cancels the running runs; they are not written and run again next time.
// A failed run (diverged, or its worker process crashed) is a result like any other: a resume keeps
// it unless asked with --retry failed, since retrying a diverged run only diverges again.

const EXIT_CANCELLED = 130;
/** Every run ended, some failed: a script (a Slurm array, say) must notice without reading the file. */
const EXIT_SOME_FAILED = 3;
const FINISHED: SweepResultLine['status'][] = ['done', 'stopped-early', 'failed'];

function parseRetry(text: string | undefined): boolean {
  if (text === undefined) return false;
  if (text !== 'failed') throw new UsageError(`--retry: expected 'failed' (train the runs that failed again), got '${text}'.`);
  return true;
}

function defaultOut(sweepPath: string, shard: string | undefined): string {
  const name = basename(sweepPath).replace(/(\.sweep)?\.json$/i, '');
  return shard ? `${name}.results-${shard.replace(/\s/g, '').replace('/', 'of')}.jsonl` : `${name}.results.jsonl`;
}

/** Results already in the output file, which must come from the same sweep. */
function previousResults(out: string, sweepId: string): SweepResultLine[] {
  if (!existsSync(out)) return [];
  const { lines, cutOffLine } = parseResultLines(readText(out, 'results file'), out);
  if (cutOffLine) process.stderr.write(`nn-workbench: warning: ${cutOffWarning(out, cutOffLine)}; its run trains again.\n`);
  if (lines.length > 0 && lines[0].sweep !== sweepId) {
    throw new Error(`${out} holds results of another sweep (${lines[0].sweep}); choose another --out or remove it.`);
  }
  return lines.length > 0 ? mergeResults([{ name: out, lines }]).lines : [];
}

const label = (run: PlannedRun) =>
  [...Object.entries(run.config).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`), `seed ${run.experiment.training.seed}`].join(', ');

function describeOutcome(run: PlannedRun, outcome: JobOutcome, prunedAt?: number): string {
  const m = outcome.final ?? {};
  const metrics = [
    m.trainLoss !== undefined ? `loss ${m.trainLoss.toPrecision(4)}` : '',
    m.validationLoss !== undefined ? `val_loss ${m.validationLoss.toPrecision(4)}` : '',
    m.validationAccuracy !== undefined ? `val_acc ${(100 * m.validationAccuracy).toFixed(1)}%` : m.trainAccuracy !== undefined ? `acc ${(100 * m.trainAccuracy).toFixed(1)}%` : '',
    m.validationRmse !== undefined ? `val_rmse ${m.validationRmse.toPrecision(4)}` : m.trainRmse !== undefined ? `rmse ${m.trainRmse.toPrecision(4)}` : '',
    m.validationR2 !== undefined ? `val_r2 ${m.validationR2.toFixed(3)}` : m.trainR2 !== undefined ? `r2 ${m.trainR2.toFixed(3)}` : '',
  ].filter(Boolean);
  const status = prunedAt ? `pruned at epoch ${prunedAt}` : outcome.status;
  const why = outcome.status === 'failed' ? `: ${outcome.message}` : '';
  return `${status}  ${label(run)}  ${metrics.join('  ')}  (${outcome.seconds.toFixed(1)}s)${why}`;
}

interface Context {
  sweep: Sweep;
  sweepId: string;
  total: number;
  pool: SweepPool;
  progress: SweepProgress;
  out: string;
  weightsDir?: string;
}

function resultLine(ctx: Context, run: PlannedRun, trained: PlannedRun['experiment'], outcome: JobOutcome, seconds: number, prunedAt?: number): SweepResultLine {
  return {
    format: 'nn-workbench.sweep-result',
    version: 1,
    sweep: ctx.sweepId,
    runs: ctx.total,
    index: run.index,
    key: run.key,
    configKey: run.configKey,
    config: run.config,
    repeat: run.repeat,
    experiment: trained,
    status: outcome.status,
    ...(outcome.message ? { message: outcome.message } : {}),
    ...(prunedAt ? { prunedAt } : {}),
    epochs: outcome.epochs,
    ...(outcome.bestEpoch !== undefined ? { bestEpoch: outcome.bestEpoch } : {}),
    ...(outcome.final ? { final: outcome.final } : {}),
    ...(outcome.best ? { best: outcome.best } : {}),
    seconds,
    ...(outcome.weightsPath ? { weights: outcome.weightsPath } : {}),
    ...(outcome.historyPath ? { history: outcome.historyPath } : {}),
  };
}

/**
 * Trains `runs` to their epochs at `rung`, longest first (the pool takes them in order, so the last
 * to start is a short one and no core idles through one long straggler at the end); calls `ended`
 * as each run ends and returns every outcome.
 */
async function trainRung(ctx: Context, runs: PlannedRun[], rung: number, ended: (run: PlannedRun, outcome: JobOutcome) => void): Promise<Map<PlannedRun, JobOutcome>> {
  const outcomes = new Map<PlannedRun, JobOutcome>();
  const epochsOf = (run: PlannedRun) => rungEpochs(ctx.sweep, run.experiment)[rung];
  const longestFirst = [...runs].sort((a, b) => estimatedRunWork(b.experiment, epochsOf(b)) - estimatedRunWork(a.experiment, epochsOf(a)));
  await Promise.all(
    longestFirst.map(async (run) => {
      let reported = 0;
      let started = false;
      const epochs = epochsOf(run);
      const experiment = { ...run.experiment, training: { ...run.experiment.training, epochs } };
      const outcome = await ctx.pool.run(experiment, {
        weightsPath: ctx.weightsDir ? join(ctx.weightsDir, sweepRunFileName(run.index, run.key, 'weights')) : undefined,
        historyPath: ctx.weightsDir ? join(ctx.weightsDir, sweepRunFileName(run.index, run.key, 'history')) : undefined,
        onEpoch: (epoch) => {
          if (!started) ctx.progress.runStarted();
          started = true;
          ctx.progress.epochs(epoch - reported);
          reported = epoch;
        },
      });
      if (!started) ctx.progress.runStarted();
      // A run that stopped early or failed leaves its remaining epochs to nobody: count them as done.
      if (outcome.status !== 'cancelled') ctx.progress.epochs(epochs - reported);
      outcomes.set(run, outcome);
      ended(run, outcome);
    }),
  );
  return outcomes;
}

/**
 * Before appending to a file that a crash left without its last newline: a cut-off line is cut
 * away (its run trains again), a whole one gets its newline, so the next line starts on its own.
 */
function endWithWholeLine(out: string): void {
  if (!existsSync(out)) return;
  const text = readText(out, 'results file');
  if (text === '' || text.endsWith('\n')) return;
  const { cutOffLine } = parseResultLines(text, out);
  try {
    if (cutOffLine) truncateSync(out, new TextEncoder().encode(text.slice(0, text.lastIndexOf('\n') + 1)).length);
    else appendFileSync(out, '\n');
  } catch (error) {
    throw new Error(`Cannot repair the results file '${out}': ${reason(error)}.`);
  }
}

function write(ctx: Context, line: SweepResultLine): void {
  try {
    appendFileSync(ctx.out, `${JSON.stringify(line)}\n`);
  } catch (error) {
    throw new Error(`Cannot append to the results file '${ctx.out}': ${reason(error)}; the results written so far are kept.`);
  }
}

/** Expected epochs of the whole job, so the ETA is right from the start (halving: every rung's share, at the runs' mean budget). */
function plannedEpochs(sweep: Sweep, runs: PlannedRun[]): number {
  const full = runs.reduce((sum, run) => sum + run.experiment.training.epochs, 0);
  if (!sweep.halving) return full;
  let combinations = new Set(runs.map((run) => run.configKey)).size;
  let total = 0;
  for (const epochs of [...sweep.halving.at, full / runs.length]) {
    total += combinations * sweep.repeats * epochs;
    combinations = Math.ceil(combinations / 2);
  }
  return total;
}

export async function sweepCommand(args: string[]): Promise<number> {
  const { positionals, options } = parseCommandArgs('sweep', args, ['sweep.json'], ['parallel', 'shard', 'out', 'weights-dir', 'retry']);
  const [sweepPath] = positionals;
  const parallel = parseParallel(options.parallel);
  const retryFailed = parseRetry(options.retry);
  const sweep = loadSweep(sweepPath);
  let plan;
  try {
    plan = planSweep(sweep);
  } catch (error) {
    throw new Error(`${sweepPath}: ${(error as Error).message}.`);
  }
  const shard = options.shard !== undefined ? parseShard(options.shard) : undefined;
  if (shard && sweep.halving) {
    throw new UsageError('--shard cannot be combined with successive halving: each rung compares all runs of the sweep, so run it on one machine.');
  }
  const out = options.out ?? defaultOut(sweepPath, options.shard);
  const weightsDir = options['weights-dir'];
  checkOutputFile(out, 'results file');
  if (weightsDir !== undefined) prepareOutputDirectory(weightsDir, 'weights directory');
  const mine = shard ? shardOf(plan.runs, shard) : plan.runs;
  const previous = previousResults(out, plan.sweepId);
  if (sweep.halving && previous.length > 0) {
    throw new Error(`${out} already has results, and a successive-halving sweep cannot resume: remove it or choose another --out.`);
  }
  const keep = (line: SweepResultLine) => FINISHED.includes(line.status) && !(retryFailed && line.status === 'failed');
  const kept = new Set(previous.filter(keep).map((line) => line.key));
  const failedBefore = previous.filter((line) => line.status === 'failed' && !kept.has(line.key) && mine.some((run) => run.key === line.key)).length;
  const todo = mine.filter((run) => !kept.has(run.key));

  const combinations = `${plan.combinations} combination${plan.combinations === 1 ? '' : 's'} × ${sweep.repeats} seed${sweep.repeats === 1 ? '' : 's'}`;
  const slots = Math.max(1, Math.min(parallel, todo.length));
  process.stdout.write(
    `${sweep.name ?? basename(sweepPath)}: ${plan.runs.length} runs (${combinations})` +
      (shard ? `, shard ${shard.index}/${shard.count}: ${mine.length} runs` : '') +
      (kept.size > 0 ? `, ${mine.length - todo.length} already in ${out}` : '') +
      (failedBefore > 0 ? `, ${failedBefore} failed there train again` : '') +
      (todo.length > 0 ? `; training ${todo.length} on ${slots} worker process${slots === 1 ? '' : 'es'} → ${out}` : '') +
      '\n',
  );
  if (todo.length === 0) {
    const failed = previous.filter((line) => line.status === 'failed' && mine.some((run) => run.key === line.key)).length;
    process.stdout.write(`nothing left to train${failed > 0 ? ` (${failed} failed; --retry failed trains them again)` : ''}.\n`);
    return failed > 0 ? EXIT_SOME_FAILED : 0;
  }
  endWithWholeLine(out);
  const pool = createSweepPool(slots, sweepPath);
  try {
    await preflightSweep(todo, sweepPath);
  } catch (error) {
    await pool.close();
    throw error;
  }

  const progress = createSweepProgress(process.stdout, { runs: todo.length, totalEpochs: plannedEpochs(sweep, todo) });
  const ctx: Context = { sweep, sweepId: plan.sweepId, total: plan.runs.length, pool, progress, out, weightsDir };
  let cancelled = false;
  const cancel = () => {
    cancelled = true;
    pool.cancel();
  };
  process.once('SIGINT', cancel);
  const lines: SweepResultLine[] = [];
  const started = performance.now();
  try {
    let active = todo;
    const seconds = new Map<PlannedRun, number>();
    const rungs = (sweep.halving?.at.length ?? 0) + 1;
    const record = (run: PlannedRun, outcome: JobOutcome, rung: number, prunedAt?: number) => {
      const epochs = rungEpochs(sweep, run.experiment)[rung];
      const trained = { ...run.experiment, training: { ...run.experiment.training, epochs } };
      const line = resultLine(ctx, run, trained, outcome, (seconds.get(run) ?? 0) + outcome.seconds, prunedAt);
      write(ctx, line);
      lines.push(line);
      progress.runEnded(describeOutcome(run, outcome, prunedAt));
    };
    for (let rung = 0; rung < rungs; rung++) {
      const last = rung === rungs - 1;
      // The last rung's runs are final as they end: written at once, so an interrupted sweep keeps them.
      const outcomes = await trainRung(ctx, active, rung, (run, outcome) => {
        if (last && outcome.status !== 'cancelled') record(run, outcome, rung);
      });
      if (cancelled || last) break;
      const survivors = halvingSurvivors([...outcomes].map(([run, o]) => ({ ...run, final: o.final })), sweep.halving!.metric);
      for (const [run, outcome] of outcomes) {
        if (!survivors.has(run.configKey)) record(run, outcome, rung, rungEpochs(sweep, run.experiment)[rung]);
        seconds.set(run, (seconds.get(run) ?? 0) + outcome.seconds);
      }
      active = active.filter((run) => survivors.has(run.configKey));
    }
  } finally {
    progress.finish();
    process.off('SIGINT', cancel);
    await pool.close();
  }
  const elapsed = formatDuration((performance.now() - started) / 1000);
  if (cancelled) {
    process.stdout.write(`cancelled after ${elapsed}: ${lines.length} results written to ${out}; run the same command again to finish the rest.\n`);
    return EXIT_CANCELLED;
  }
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.prunedAt ? 'pruned' : line.status, (counts.get(line.prunedAt ? 'pruned' : line.status) ?? 0) + 1);
  process.stdout.write(`${lines.length} runs in ${elapsed}: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}\n`);
  const ranking: Ranking = { metric: sweep.halving?.metric ?? defaultMetric(lines), which: 'final' };
  const best = rankRuns(lines.filter((line) => !line.prunedAt), ranking)[0];
  const value = best?.final?.[ranking.metric];
  if (value !== undefined) process.stdout.write(`best ${ranking.metric} ${value.toPrecision(5)}: ${best.experiment.name}${best.weights ? ` (${best.weights})` : ''}\n`);
  const failed = lines.filter((line) => line.status === 'failed').length;
  if (failed === 0) return 0;
  process.stdout.write(`${failed} of ${lines.length} runs failed (see their message in ${out}); --retry failed with the same --out trains them again.\n`);
  return failed === lines.length ? 1 : EXIT_SOME_FAILED;
}
