import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../../src/renderer/src/app/routes';
import { inspectorFocus, inspectRunRoute } from '../../../src/renderer/src/features/inspector/inspector-route';

// Hash routes survive a reload: what routeHref writes, parseRoute reads back, details included.

describe('routes', () => {
  it('reads back what it writes, with and without an item and a detail', () => {
    for (const route of [{ page: 'runs' as const }, { page: 'runs' as const, id: 'a/b c' }, inspectRunRoute('run-1', { state: 'final', rows: [3, 5] })]) {
      expect(parseRoute(routeHref(route))).toEqual(route);
    }
    expect(routeHref(inspectRunRoute('run-1', { state: 'best', rows: [2] }))).toBe('#/inspect/run-1/state%3Dbest%26rows%3D2');
  });

  it('falls back to the runs page for an unknown page', () => {
    expect(parseRoute('#/nowhere/x')).toEqual({ page: 'runs' });
  });

  it('takes from an inspector detail only what it can use', () => {
    expect(inspectorFocus(undefined)).toEqual({});
    expect(inspectorFocus('state=final&rows=3,5')).toEqual({ state: 'final', rows: [3, 5] });
    expect(inspectorFocus('state=replay&rows=-1,x')).toEqual({});
    expect(inspectorFocus('rows=7')).toEqual({ rows: [7] });
  });
});
