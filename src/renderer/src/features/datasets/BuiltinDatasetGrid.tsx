import { useMemo } from 'react';
import { BUILTIN_DATASETS, type BuiltinDataset } from '../../../../shared/data/builtin-datasets';
import { DatasetPreview } from './DatasetPreview';

// The datasets every install has, offline: generated 2-D sets (drawn, at their default size and
// seed; samples and noise are chosen per run) and the small real ones shipped with the app.

function BuiltinCard({ builtin }: { builtin: BuiltinDataset }) {
  const preview = useMemo(() => (builtin.kind === 'synthetic' ? builtin.generate() : null), [builtin]);
  const { rows, features, classes } = builtin.shape;
  return (
    <li className="panel dataset-card" data-testid={`dataset-${builtin.id}`}>
      {preview ? <DatasetPreview dataset={preview} size={120} /> : <div className="dataset-badge">{features > 100 ? 'images' : 'table'}</div>}
      <div>
        <h3>{builtin.name}</h3>
        <p>{builtin.description}</p>
        <p className="muted">
          {rows.toLocaleString('en-US')} rows · {features.toLocaleString('en-US')} features · {classes} classes
          {builtin.kind === 'synthetic' ? ' · samples and noise adjustable per run' : ''}
        </p>
      </div>
    </li>
  );
}

export function BuiltinDatasetGrid() {
  return (
    <ul className="dataset-grid">
      {BUILTIN_DATASETS.map((builtin) => (
        <BuiltinCard key={builtin.id} builtin={builtin} />
      ))}
    </ul>
  );
}
