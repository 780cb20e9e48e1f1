import { useState, type ChangeEvent } from 'react';
import { navigate } from '../../app/routes';
import { useServices } from '../../app/services';
import { importResults } from './import-results';
import { mergeImported } from './imported-sweeps';

// Opening a results file written by `nn-workbench sweep` or `merge` as a finished sweep; results
// of a sweep imported before (another shard, a newer copy) update it.

export function ImportResults() {
  const { sweeps } = useServices();
  const [error, setError] = useState<string | null>(null);

  async function open(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      const incoming = importResults(await file.text(), file.name, { id: crypto.randomUUID(), createdAt: Date.now() });
      const id = await sweeps.saveImported(incoming, (existing) => mergeImported(existing, incoming));
      setError(null);
      navigate({ page: 'sweeps', id });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return (
    <div className="panel sweep-import">
      <p className="muted">Swept headless or on other machines? Open the results file of <code>sweep</code> or <code>merge</code>.</p>
      <label className="file-button">
        <input type="file" accept=".jsonl,.json,application/x-ndjson" data-testid="sweep-import-file" onChange={(e) => void open(e)} />
        <span>Import results…</span>
      </label>
      {error && (
        <p className="form-error" role="alert" data-testid="sweep-import-error">
          {error}
        </p>
      )}
    </div>
  );
}
