import { useSyncExternalStore } from 'react';

// Hash routes (#/runs/<id>): they work the same from a dev server, a static web build and the
// Electron app's file:// page, need no server rewrite rules, and survive a reload.

export const PAGES = ['datasets', 'experiments', 'runs', 'compare', 'sweeps', 'inspect'] as const;
export type Page = (typeof PAGES)[number];
/** The pages the sidebar lists; the others open from an item (a run's step inspector). */
export const NAV_PAGES: readonly Page[] = ['datasets', 'experiments', 'runs', 'compare', 'sweeps'];

export interface Route {
  page: Page;
  /** The item the page shows, e.g. a run id. */
  id?: string;
  /** What to show of it, as the page reads it (the step inspector: "row=3&state=final"). */
  detail?: string;
}

export const DEFAULT_ROUTE: Route = { page: 'runs' };

export function parseRoute(hash: string): Route {
  const [page, id, detail] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (!(PAGES as readonly string[]).includes(page)) return DEFAULT_ROUTE;
  if (!id) return { page: page as Page };
  return detail ? { page: page as Page, id, detail } : { page: page as Page, id };
}

export function routeHref({ page, id, detail }: Route): string {
  if (!id) return `#/${page}`;
  return detail ? `#/${page}/${encodeURIComponent(id)}/${encodeURIComponent(detail)}` : `#/${page}/${encodeURIComponent(id)}`;
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
