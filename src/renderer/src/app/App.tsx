import { DatasetsPage } from '../features/datasets/DatasetsPage';
import { RunsPage } from '../features/runs/RunsPage';
import { ComingLater } from './ComingLater';
import { PAGES, routeHref, useRoute, type Page, type Route } from './routes';
import { useServices } from './services';

// The frame: navigation on the left, the current page on the right.

const PAGE_LABELS: Record<Page, string> = {
  datasets: 'Datasets',
  experiments: 'Experiments',
  runs: 'Runs',
  compare: 'Compare',
  sweeps: 'Sweeps',
};

function CurrentPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'datasets':
      return <DatasetsPage />;
    case 'runs':
      return <RunsPage selectedId={route.id} />;
    case 'experiments':
      return (
        <ComingLater
          testId="experiments-page"
          title="Experiments"
          plan="Save experiments with names and notes, edit every part of them (initializers, schedules, regularization, early stopping), clone them, and see the network drawn layer by layer with its weight shapes."
        />
      );
    case 'compare':
      return (
        <ComingLater
          testId="compare-page"
          title="Compare"
          plan="Pick runs and overlay their loss and accuracy curves, with a table of hyperparameters that highlights what differs."
        />
      );
    case 'sweeps':
      return (
        <ComingLater
          testId="sweeps-page"
          title="Sweeps"
          plan="Sweep learning rate, width, depth, activation, optimizer and seeds over all cores, then rank the results and chart each metric against each parameter."
        />
      );
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
          {PAGES.map((page) => (
            <li key={page}>
              <a href={routeHref({ page })} data-testid={`nav-${page}`} aria-current={route.page === page ? 'page' : undefined}>
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
