import { afterAll, describe, expect, it } from 'vitest';
import { importResults } from '../../../../src/renderer/src/features/sweeps/import-results';
import { assignParameters } from '../../../../src/shared/engine/sweep-assign';
import { parseResultLines } from '../../../../src/shared/engine/sweep-merge';
import { planSweep } from '../../../../src/shared/engine/sweep-plan';
import { SweepSchema, type Sweep } from '../../../../src/shared/schema/sweep';
import { findUnsafeKey } from '../../../../src/shared/schema/unsafe-keys';
import { BASE_EXPERIMENT, sweepOf } from './sweep-fixtures';

// User-written names that become keys or path steps must never reach a prototype: a sweep over
// "model.__proto__.polluted" gave every object in the process a `polluted` field. Whatever these
// tests try, Object.prototype must come out exactly as it went in.

const before = new Map(Object.getOwnPropertyNames(Object.prototype).map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)]));

afterAll(() => {
  const after = Object.getOwnPropertyNames(Object.prototype);
  expect(after.filter((name) => !before.has(name))).toEqual([]);
  for (const name of after) expect(Object.getOwnPropertyDescriptor(Object.prototype, name)).toEqual(before.get(name));
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).missing).toBeUndefined();
});

const HOSTILE = ['model.__proto__.polluted', 'dataset.__proto__.missing', 'training.constructor.prototype.polluted', 'model.layers[0].__proto__.polluted', 'model.prototype'];

describe('sweep parameter paths', () => {
  it.each(HOSTILE)('refuses %s when the sweep is read, naming the step', (name) => {
    const parsed = SweepSchema.safeParse({ experiment: BASE_EXPERIMENT, parameters: { [name]: ['yes'] } });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0];
    expect(issue.path).toEqual(['parameters', name]);
    expect(issue.message).toMatch(/^'(__proto__|constructor|prototype)' cannot be a step of a parameter path: it names an object's prototype, not a field of the experiment$/);
  });

  it.each(HOSTILE)('refuses %s when assigned directly, without the schema', (name) => {
    const base = sweepOf({}).experiment;
    expect(() => assignParameters(base, { [name]: 'yes' })).toThrow(/cannot be a step of a parameter path/);
  });

  it('plans a sweep that bypassed the schema without touching any prototype', () => {
    const sweep = { ...sweepOf({}), parameters: { 'model.__proto__.polluted': ['yes'] } } as Sweep;
    expect(() => planSweep(sweep)).toThrow("model.__proto__.polluted: '__proto__' cannot be a step of a parameter path");
  });

  it('still creates an optional block the base leaves out, and takes an inherited member for an absent one', () => {
    const base = sweepOf({}).experiment;
    const assigned = assignParameters(base, { 'training.earlyStopping.patience': 3 }) as typeof base;
    expect(assigned.training.earlyStopping).toEqual({ patience: 3 });
    expect(() => assignParameters(base, { 'model.toString.x': 1 })).not.toThrow();
    expect(typeof Object.prototype.toString).toBe('function');
  });
});

describe('keys in files', () => {
  it('finds an own __proto__ key that JSON.parse created, with its path', () => {
    expect(findUnsafeKey(JSON.parse('{"parameters": {"a": [1], "__proto__": {"polluted": 1}}}'))).toEqual(['parameters', '__proto__']);
    expect(findUnsafeKey(JSON.parse('{"layers": [{}, {"constructor": {}}]}'))).toEqual(['layers', 1, 'constructor']);
    expect(findUnsafeKey(JSON.parse('{"a": {"b": ["__proto__"]}}'))).toBeUndefined();
    // Every kind of JSON value on the way: null and text are leaves, not objects to look into.
    expect(findUnsafeKey(JSON.parse('{"a": null, "b": [null, "constructor", 1, true, {"c": null}], "d": {"prototype": 1}}'))).toEqual(['d', 'prototype']);
  });

  it('refuses a results line with such a key, naming the line', () => {
    const line = '{"format":"nn-workbench.sweep-result","config":{"__proto__":{"polluted":"yes"}}}';
    expect(() => parseResultLines(`${line}\n`, 'r.jsonl')).toThrow("r.jsonl line 1: '__proto__' is not allowed as a key (at config.__proto__): it names an object's prototype");
    expect(() => importResults(`${line}\n`, 'r.jsonl', { id: 's', createdAt: 0 })).toThrow('r.jsonl line 1');
  });
});
