import type { Route } from '../../app/routes';

// Where the step inspector opens: #/inspect/<run id> for a run, #/inspect/experiment:<id> for a
// saved experiment's freshly initialized network.

export const EXPERIMENT_PREFIX = 'experiment:';

/** Which weights and rows the inspector opens on, when it is opened for something in particular. */
export interface InspectorFocus {
  state: 'init' | 'final' | 'best';
  rows: number[];
}

export function inspectRunRoute(runId: string, focus?: InspectorFocus): Route {
  if (!focus) return { page: 'inspect', id: runId };
  return { page: 'inspect', id: runId, detail: new URLSearchParams({ state: focus.state, rows: focus.rows.join(',') }).toString() };
}

/** The focus a route's detail asks for; anything unreadable is ignored (the inspector's defaults). */
export function inspectorFocus(detail: string | undefined): Partial<InspectorFocus> {
  if (!detail) return {};
  const params = new URLSearchParams(detail);
  const state = params.get('state');
  const rows = params.get('rows')?.split(',').map(Number);
  return {
    ...(state === 'init' || state === 'final' || state === 'best' ? { state } : {}),
    ...(rows && rows.length > 0 && rows.every((row) => Number.isSafeInteger(row) && row >= 0) ? { rows } : {}),
  };
}
export const inspectExperimentRoute = (experimentId: string): Route => ({ page: 'inspect', id: `${EXPERIMENT_PREFIX}${experimentId}` });
