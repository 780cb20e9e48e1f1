import type { Route } from './routes';

// The Compare page's address names its runs: #/compare/<id>,<id>,… so a comparison survives a
// reload and other pages (sweeps: "compare the top k") can link to one.

export function compareRoute(runIds: readonly string[]): Route {
  return runIds.length ? { page: 'compare', id: runIds.join(',') } : { page: 'compare' };
}

export function comparedRunIds(route: Route): string[] {
  return route.id ? [...new Set(route.id.split(',').filter(Boolean))] : [];
}
