import { useEffect, useState } from 'react';
import { useServices } from '../../app/services';
import type { RunRecord } from '../../db/database';

// Tags (comma-separated) and notes on a run, saved when the box loses focus.

export function RunAnnotations({ run }: { run: RunRecord }) {
  const { runs } = useServices();
  const [tags, setTags] = useState((run.tags ?? []).join(', '));
  const [notes, setNotes] = useState(run.notes ?? '');
  useEffect(() => {
    setTags((run.tags ?? []).join(', '));
    setNotes(run.notes ?? '');
  }, [run.id]);
  return (
    <div className="run-annotations">
      <label>
        Tags
        <input data-testid="run-tags" placeholder="baseline, lr-sweep" value={tags} onChange={(event) => setTags(event.target.value)} onBlur={() => void runs.annotate(run.id, { tags: tags.split(',') })} />
      </label>
      <label className="run-notes">
        Notes
        <textarea data-testid="run-notes" rows={2} value={notes} placeholder="What you learned from this run" onChange={(event) => setNotes(event.target.value)} onBlur={() => void runs.annotate(run.id, { notes })} />
      </label>
    </div>
  );
}
