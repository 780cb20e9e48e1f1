import { describe, expect, it } from 'vitest';
import { cutOffWarning, mergeResults, parseResultLines } from '../../../../src/shared/engine/sweep-merge';
import { planSweep, type PlannedRun } from '../../../../src/shared/engine/sweep-plan';
import { halvingSurvivors } from '../../../../src/shared/engine/successive-halving';
import { rankRuns, reportedMetrics, summarizeCombinations } from '../../../../src/shared/engine/sweep-summary';
import { SWEEP_METRICS } from '../../../../src/shared/schema/sweep';
import type { SweepResultLine } from '../../../../src/shared/schema/sweep-result';
import { sweepOf } from './sweep-fixtures';

const plan = planSweep(sweepOf({ parameters: { learningRate: [0.1, 0.01, 0.001] }, repeats: 2 }));

function line(run: PlannedRun, fields: Partial<SweepResultLine> = {}): SweepResultLine {
  return {
    format: 'nn-workbench.sweep-result',
    version: 1,
    sweep: plan.sweepId,
    runs: plan.runs.length,
    index: run.index,
    key: run.key,
    configKey: run.configKey,
    config: run.config,
    repeat: run.repeat,
    experiment: run.experiment,
    status: 'done',
    epochs: 4,
    final: { trainLoss: 0.5 - run.index / 100, validationLoss: 0.6, validationAccuracy: 0.5 + run.index / 100 },
    seconds: 1,
    ...fields,
  };
}
const jsonl = (lines: SweepResultLine[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

describe('merging result files', () => {
  it('joins shards in plan order, keeps a finished copy over a failed one, and lists what is missing', () => {
    const runs = plan.runs;
    const a = parseResultLines(jsonl([line(runs[4]), line(runs[0]), line(runs[2], { status: 'failed', message: 'diverged' })]), 'a.jsonl').lines;
    const b = parseResultLines(jsonl([line(runs[2]), line(runs[0], { status: 'cancelled' })]), 'b.jsonl').lines;
    const merged = mergeResults([
      { name: 'a.jsonl', lines: a },
      { name: 'b.jsonl', lines: b },
    ]);
    expect(merged.lines.map((l) => [l.index, l.status])).toEqual([
      [0, 'done'],
      [2, 'done'],
      [4, 'done'],
    ]);
    expect(merged.duplicates).toBe(2);
    expect(merged.missing).toEqual([1, 3, 5]);
    expect(merged.runs).toBe(6);
  });

  it('refuses files of another sweep, naming both', () => {
    const other = planSweep(sweepOf({ parameters: { learningRate: [0.5] } }));
    const stranger = { ...line(plan.runs[0]), sweep: other.sweepId, runs: 1 };
    expect(() => mergeResults([{ name: 'a.jsonl', lines: [line(plan.runs[0])] }, { name: 'b.jsonl', lines: [stranger] }])).toThrow(
      `b.jsonl: its results belong to sweep ${other.sweepId} (1 runs), but a.jsonl to sweep ${plan.sweepId} (6 runs); merge only shards of the same sweep definition`,
    );
    expect(() => mergeResults([{ name: 'empty.jsonl', lines: [] }])).toThrow('No results to merge: empty.jsonl is empty');
  });

  it('leaves out a last line cut off mid-write, and says which', () => {
    const whole = jsonl([line(plan.runs[0]), line(plan.runs[1])]);
    const cut = whole + JSON.stringify(line(plan.runs[2])).slice(0, 57);
    expect(parseResultLines(cut, 'r.jsonl')).toEqual({ lines: [line(plan.runs[0]), line(plan.runs[1])], cutOffLine: 3 });
    // A whole last line that only lacks its newline is a result like any other.
    expect(parseResultLines(whole.trimEnd(), 'r.jsonl')).toEqual({ lines: [line(plan.runs[0]), line(plan.runs[1])] });
    expect(cutOffWarning('r.jsonl', 3)).toBe('r.jsonl line 3 was cut off mid-write (the process writing it stopped) and is left out');
  });

  it('names the file, line and field of a bad line', () => {
    expect(() => parseResultLines('{"format":"nn-workbench.sweep-result"\n', 'r.jsonl')).toThrow('r.jsonl line 1: not JSON');
    // Cut off and then appended to: no longer the last line, so not a crash's leftover.
    expect(() => parseResultLines(`${JSON.stringify(line(plan.runs[0])).slice(0, 40)}${jsonl([line(plan.runs[1])])}`, 'r.jsonl')).toThrow('r.jsonl line 1: not JSON');
    expect(() => parseResultLines(`${jsonl([line(plan.runs[1])])}{"cut\n`, 'r.jsonl')).toThrow('r.jsonl line 2: not JSON');
    const bad = { ...line(plan.runs[0]), seconds: -1 };
    expect(() => parseResultLines(`\n${JSON.stringify(bad)}\n`, 'r.jsonl')).toThrow('r.jsonl line 2: not a sweep result — seconds:');
  });
});

describe('summaries', () => {
  const lines = plan.runs.map((run) => line(run));

  it('ranks by a metric in its own direction, runs without it last', () => {
    const withFailure = [...lines.slice(0, 5), line(plan.runs[5], { status: 'failed', final: undefined })];
    const byLoss = rankRuns(withFailure, { metric: 'trainLoss', which: 'final' }).map((l) => l.index);
    expect(byLoss).toEqual([4, 3, 2, 1, 0, 5]);
    const byAccuracy = rankRuns(lines, { metric: 'validationAccuracy', which: 'final' }).map((l) => l.index);
    expect(byAccuracy).toEqual([5, 4, 3, 2, 1, 0]);
    expect(rankRuns(lines, { metric: 'trainLoss', which: 'best' }).map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('folds seeds into mean ± sample standard deviation per combination', () => {
    const summaries = summarizeCombinations(lines, { metric: 'validationAccuracy', which: 'final' });
    expect(summaries.map((s) => s.config.learningRate)).toEqual([0.001, 0.01, 0.1]);
    expect(summaries[0]).toMatchObject({ count: 2, total: 2, min: 0.54, max: 0.55 });
    expect(summaries[0].mean).toBeCloseTo(0.545, 12);
    expect(summaries[0].std).toBeCloseTo(Math.SQRT2 * 0.005, 12);
    expect(reportedMetrics(lines, SWEEP_METRICS)).toEqual(['trainLoss', 'validationLoss', 'validationAccuracy']);
  });

  it('keeps the better half of the combinations for the next rung', () => {
    expect(halvingSurvivors(lines, 'trainLoss')).toEqual(new Set([plan.runs[4].configKey, plan.runs[2].configKey]));
    const failed = lines.map((l) => (l.config.learningRate !== 0.01 ? { ...l, final: undefined } : l));
    expect(halvingSurvivors(failed, 'trainLoss')).toEqual(new Set([plan.runs[2].configKey]));
  });
});
