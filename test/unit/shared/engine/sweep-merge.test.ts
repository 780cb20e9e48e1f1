import { describe, expect, it } from 'vitest';
import { mergeResults, parseResultLines } from '../../../../src/shared/engine/sweep-merge';
import { planSweep } from '../../../../src/shared/engine/sweep-plan';
import type { SweepResultLine } from '../../../../src/shared/schema/sweep-result';
import { sweepOf } from './sweep-fixtures';

// Joining shards' result files: which copy of a run is kept, and what a user is told when files
// cannot be merged. sweep-results.test.ts covers the common path.

const plan = planSweep(sweepOf({ parameters: { learningRate: [0.1, 0.01] } }));
const line = (index: number, status: SweepResultLine['status'], fields: Partial<SweepResultLine> = {}): SweepResultLine => {
  const run = plan.runs[index];
  return {
    format: 'nn-workbench.sweep-result',
    version: 1,
    sweep: plan.sweepId,
    runs: plan.runs.length,
    index,
    key: run.key,
    configKey: run.configKey,
    config: run.config,
    repeat: run.repeat,
    experiment: run.experiment,
    status,
    epochs: 4,
    seconds: 1,
    ...fields,
  };
};
const kept = (...files: SweepResultLine[][]) => mergeResults(files.map((lines, i) => ({ name: `${i}.jsonl`, lines }))).lines.map((l) => l.status);

describe('merging sweep results', () => {
  it('keeps the first copy of a run unless a later one finished and it did not (stopped early counts as finished)', () => {
    expect(kept([line(0, 'failed')], [line(0, 'stopped-early')])).toEqual(['stopped-early']);
    expect(kept([line(0, 'done')], [line(0, 'failed')])).toEqual(['done']);
    expect(kept([line(0, 'stopped-early')], [line(0, 'done')])).toEqual(['stopped-early']);
    expect(kept([line(0, 'cancelled')], [line(0, 'failed')])).toEqual(['cancelled']);
  });

  it('refuses results of another sweep with as many runs', () => {
    expect(() => mergeResults([{ name: 'a.jsonl', lines: [line(0, 'done')] }, { name: 'b.jsonl', lines: [line(1, 'done', { sweep: 'another' })] }])).toThrow(
      `b.jsonl: its results belong to sweep another (2 runs), but a.jsonl to sweep ${plan.sweepId} (2 runs)`,
    );
  });

  it('refuses results of the same sweep id with another run count', () => {
    expect(() => mergeResults([{ name: 'a.jsonl', lines: [line(0, 'done')] }, { name: 'b.jsonl', lines: [line(1, 'done', { runs: 3 })] }])).toThrow(
      `b.jsonl: its results belong to sweep ${plan.sweepId} (3 runs), but a.jsonl to sweep ${plan.sweepId} (2 runs)`,
    );
  });

  it('says which files were empty, and merges from the first that is not', () => {
    // It said "no files given are empty".
    expect(() => mergeResults([])).toThrow(/^No results to merge: no files given$/);
    expect(() => mergeResults([{ name: 'a.jsonl', lines: [] }, { name: 'b.jsonl', lines: [] }])).toThrow('No results to merge: a.jsonl, b.jsonl are empty');
    expect(mergeResults([{ name: 'a.jsonl', lines: [] }, { name: 'b.jsonl', lines: [line(1, 'done')] }])).toMatchObject({ runs: 2, missing: [0], duplicates: 0 });
  });

  it('names the key that reaches a prototype, however deep', () => {
    const hostile = JSON.stringify(line(0, 'done')).replace('"experiment":{', '"experiment":{"model2":{"deep":{"constructor":{}}},');
    expect(() => parseResultLines(`${hostile}\n`, 'r.jsonl')).toThrow("r.jsonl line 1: 'constructor' is not allowed as a key (at experiment.model2.deep.constructor)");
  });

  it('skips blank lines, and names the line of a results file that is not one', () => {
    const text = `\n${JSON.stringify(line(0, 'done'))}\n   \n${JSON.stringify(line(1, 'done'))}\n\n`;
    expect(parseResultLines(text, 'r.jsonl').lines.map((l) => l.index)).toEqual([0, 1]);
    expect(() => parseResultLines(`${JSON.stringify(line(0, 'done'))}\n{"format":"nn-workbench.sweep-result"}\n`, 'r.jsonl')).toThrow(/^r\.jsonl line 2: not a sweep result — /);
  });
});
