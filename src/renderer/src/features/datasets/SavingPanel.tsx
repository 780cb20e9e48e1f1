import { ImportProgressBar } from './ImportProgressBar';
import type { ImportProgress } from './worker-task';

// The step of an import dialog while its dataset is written to the database, block by block.

export function SavingPanel({ dialog, name, progress }: { dialog: string; name: string; progress: ImportProgress | null }) {
  return (
    <section className="panel wizard" data-testid={dialog} data-step="saving">
      <h2>Saving “{name}”…</h2>
      <ImportProgressBar progress={progress} unit="items" />
    </section>
  );
}
