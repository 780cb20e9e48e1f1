import { useLiveQuery } from 'dexie-react-hooks';
import { routeHref } from '../../app/routes';
import { useServices } from '../../app/services';
import { ImportResults } from './ImportResults';
import { SweepForm } from './SweepForm';
import { SweepView } from './SweepView';
import './sweeps.css';

// Define a sweep on the left; on the right the selected sweep (or the newest) and all sweeps.

export function SweepsPage({ selectedId }: { selectedId?: string }) {
  const { sweeps } = useServices();
  const all = useLiveQuery(() => sweeps.list(), []);
  const selected = all?.find((sweep) => sweep.id === selectedId) ?? (selectedId ? undefined : all?.[0]);
  return (
    <section className="page sweeps-page" data-testid="sweeps-page">
      <SweepForm />
      <div className="sweeps-main">
        {selected ? (
          <SweepView key={selected.id} sweep={selected} />
        ) : (
          all && (
            <div className="panel empty-state" data-testid="sweeps-empty">
              {selectedId ? 'This sweep does not exist (any more).' : 'No sweeps yet. Pick parameters and values on the left: the number of runs shows before you start.'}
            </div>
          )
        )}
        {all && all.length > 0 && (
          <div className="panel">
            <h2>Sweeps</h2>
            <ul className="sweeps-list" data-testid="sweeps-list">
              {all.map((sweep) => (
                <li key={sweep.id} aria-current={sweep.id === selected?.id ? 'true' : undefined}>
                  <a href={routeHref({ page: 'sweeps', id: sweep.id })}>{sweep.name}</a>
                  <span className="muted">
                    {sweep.total} runs · {sweep.status}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
        <ImportResults />
      </div>
    </section>
  );
}
