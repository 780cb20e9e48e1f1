import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import { RunForm } from './RunForm';
import { RunsList } from '../../components/RunsList';
import { RunView } from './RunView';
import { WeightsImport } from './WeightsImport';

// Set up a run on the left; on the right the selected run (or the newest) live, and all runs.

export function RunsPage({ selectedId }: { selectedId?: string }) {
  const { runs } = useServices();
  const all = useLiveQuery(() => runs.list(), []);
  const selected = all?.find((run) => run.id === selectedId) ?? (selectedId ? undefined : all?.[0]);
  return (
    <section className="page runs-page" data-testid="runs-page">
      <RunForm />
      <div className="runs-main">
        {selected ? (
          <RunView run={selected} />
        ) : (
          all && (
            <div className="panel empty-state" data-testid="runs-empty">
              {selectedId ? 'This run does not exist (any more).' : 'No runs yet. Set up a network on the left and press Train: its loss and accuracy curves appear here as it learns.'}
            </div>
          )
        )}
        {all && all.length > 0 && <RunsList runs={all} selectedId={selected?.id} />}
        <WeightsImport />
      </div>
    </section>
  );
}
