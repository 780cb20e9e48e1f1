import { comparedRunIds } from './compare-route';
import { ComparePage } from '../features/compare/ComparePage';
import { DatasetsPage } from '../features/datasets/DatasetsPage';
import { ExperimentsPage } from '../features/experiments/ExperimentsPage';
import { InspectorPage } from '../features/inspector/InspectorPage';
import { RunsPage } from '../features/runs/RunsPage';
import { SweepsPage } from '../features/sweeps/SweepsPage';
import { NAV_PAGES, routeHref, useRoute, type Page, type Route } from './routes';
import { useServices } from './services';

// The frame: navigation on the left, the current page on the right.

const PAGE_LABELS: Record<Page, string> = {
  datasets: 'Datasets',
  experiments: 'Experiments',
  runs: 'Runs',
  compare: 'Compare',
  sweeps: 'Sweeps',
  inspect: 'Step inspector',
};

function CurrentPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'datasets':
      return <DatasetsPage />;
    case 'runs':
      return <RunsPage selectedId={route.id} />;
    case 'experiments':
      return <ExperimentsPage selectedId={route.id} />;
    case 'compare':
      return <ComparePage runIds={comparedRunIds(route)} />;
    case 'sweeps':
      return <SweepsPage selectedId={route.id} />;
    case 'inspect':
      return route.id ? <InspectorPage id={route.id} detail={route.detail} /> : <RunsPage />;
  }
}

export function App() {
  const route = useRoute();
  const { hostKind } = useServices();
  return (
    <div className="frame">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          NN Workbench
          <span className="muted">multilayer perceptrons from scratch</span>
        </div>
        <ul>
          {NAV_PAGES.map((page) => (
            <li key={page}>
              <a href={routeHref({ page })} data-testid={`nav-${page}`} aria-current={route.page === page || (route.page === 'inspect' && page === 'runs') ? 'page' : undefined}>
                {PAGE_LABELS[page]}
              </a>
            </li>
          ))}
        </ul>
        <p className="host muted" data-testid="host-kind" data-host={hostKind}>
          {hostKind === 'electron' ? 'Training in background processes' : 'Training in Web Workers'}
        </p>
      </nav>
      <main className="content">
        <CurrentPage route={route} />
      </main>
    </div>
  );
}
