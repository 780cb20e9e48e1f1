import type { Route } from '../../app/routes';

// Where the step inspector opens: #/inspect/<run id> for a run, #/inspect/experiment:<id> for a
// saved experiment's freshly initialized network.

export const EXPERIMENT_PREFIX = 'experiment:';

export const inspectRunRoute = (runId: string): Route => ({ page: 'inspect', id: runId });
export const inspectExperimentRoute = (experimentId: string): Route => ({ page: 'inspect', id: `${EXPERIMENT_PREFIX}${experimentId}` });
