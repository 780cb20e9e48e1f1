import { describe, expect, it } from 'vitest';
import { branchPoints, commonEpoch, lineage, type RunLink } from '../../../src/renderer/src/features/compare/branches';

// A parent P trained 100 epochs; F40 and F60 forked from it at 40 and 60; C continued F40 at 80;
// R is an unrelated run; O's parent was deleted.
const runs: RunLink[] = [
  { id: 'P' },
  { id: 'F40', continuedFrom: 'P', resumedFromEpoch: 40 },
  { id: 'F60', continuedFrom: 'P', resumedFromEpoch: 60 },
  { id: 'C', continuedFrom: 'F40', resumedFromEpoch: 80 },
  { id: 'G', continuedFrom: 'C', resumedFromEpoch: 20 },
  { id: 'R' },
  { id: 'O', continuedFrom: 'gone', resumedFromEpoch: 10 },
  { id: 'O2', continuedFrom: 'gone', resumedFromEpoch: 15 },
  { id: 'loop1', continuedFrom: 'loop2', resumedFromEpoch: 5 },
  { id: 'loop2', continuedFrom: 'loop1', resumedFromEpoch: 5 },
];
const byId = new Map(runs.map((run) => [run.id, run]));
const lookup = (id: string) => byId.get(id);
const of = (id: string) => lineage(id, lookup);

describe('lineage', () => {
  it('lists where each stretch of epochs came from, oldest first', () => {
    expect(of('P')).toEqual([{ runId: 'P', upTo: Infinity }]);
    expect(of('C')).toEqual([
      { runId: 'P', upTo: 40 },
      { runId: 'F40', upTo: 80 },
      { runId: 'C', upTo: Infinity },
    ]);
  });

  it('a run resumed before its parent’s own start inherits only the grandparent’s epochs up to there', () => {
    // G went on from C at epoch 20, which C itself had from P.
    expect(of('G')).toEqual([
      { runId: 'P', upTo: 20 },
      { runId: 'G', upTo: Infinity },
    ]);
  });

  it('stops at a deleted parent and at a loop', () => {
    expect(of('O')).toEqual([
      { runId: 'gone', upTo: 10 },
      { runId: 'O', upTo: Infinity },
    ]);
    expect(of('loop1')).toEqual([
      { runId: 'loop2', upTo: 5 },
      { runId: 'loop1', upTo: Infinity },
    ]);
  });
});

describe('commonEpoch', () => {
  it('is the fork epoch between a parent and its fork, and the earlier fork between siblings', () => {
    expect(commonEpoch(of('P'), of('F40'))).toBe(40);
    expect(commonEpoch(of('F40'), of('F60'))).toBe(40);
    expect(commonEpoch(of('F60'), of('F40'))).toBe(40);
    expect(commonEpoch(of('F40'), of('C'))).toBe(80);
    expect(commonEpoch(of('P'), of('C'))).toBe(40);
    expect(commonEpoch(of('F60'), of('G'))).toBe(20);
  });

  it('is undefined for unrelated runs and for a run with itself; a deleted common parent still counts', () => {
    expect(commonEpoch(of('P'), of('R'))).toBeUndefined();
    expect(commonEpoch(of('P'), of('P'))).toBeUndefined();
    expect(commonEpoch(of('O'), of('O2'))).toBe(10);
  });
});

describe('branchPoints', () => {
  it('gives each compared run its latest common epoch with another compared run', () => {
    const points = branchPoints(['P', 'F40', 'F60', 'C', 'R'], lookup);
    expect(Object.fromEntries(points)).toEqual({
      P: { epoch: 60, with: 'F60' },
      F40: { epoch: 80, with: 'C' },
      F60: { epoch: 60, with: 'P' },
      C: { epoch: 80, with: 'F40' },
    });
  });

  it('says nothing for runs that share no epochs', () => {
    expect(branchPoints(['P', 'R'], lookup).size).toBe(0);
  });
});
