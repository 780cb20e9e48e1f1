import { useMemo, useState } from 'react';
import { BUILTIN_DATASETS, type BuiltinDataset } from '../../../../shared/data/builtin-datasets';
import type { ClassSamples } from '../../../../shared/data/class-samples';
import { loadBuiltinSamples } from './builtin-dataset-loader';
import { DatasetPreview } from './DatasetPreview';
import { ImageThumbnails } from './ImageThumbnails';

// The datasets every install has, offline: generated 2-D sets (drawn, at their default size and
// seed; samples and noise are chosen per run) and the small real ones shipped with the app, whose
// images can be looked at before training on them.

type Samples = { state: 'idle' } | { state: 'loading' } | { state: 'shown'; shown: ClassSamples } | { state: 'failed'; message: string };

function BuiltinCard({ builtin }: { builtin: BuiltinDataset }) {
  const preview = useMemo(() => (builtin.kind === 'synthetic' ? builtin.generate() : null), [builtin]);
  const [samples, setSamples] = useState<Samples>({ state: 'idle' });
  const { rows, features, classes } = builtin.shape;
  const side = Math.sqrt(features);
  const isImages = builtin.kind === 'asset' && Number.isInteger(side) && features > 100;

  function showImages() {
    setSamples({ state: 'loading' });
    loadBuiltinSamples(builtin.id).then(
      (shown) => setSamples({ state: 'shown', shown }),
      (error: Error) => setSamples({ state: 'failed', message: error.message }),
    );
  }

  return (
    <li className={`panel dataset-card${samples.state === 'shown' ? ' expanded' : ''}`} data-testid={`dataset-${builtin.id}`}>
      <div className="dataset-card-main">
        {preview ? <DatasetPreview dataset={preview} size={120} /> : <div className="dataset-badge">{isImages ? 'images' : 'table'}</div>}
        <div>
          <h3>{builtin.name}</h3>
          <p>{builtin.description}</p>
          <p className="muted">
            {rows.toLocaleString('en-US')} rows · {features.toLocaleString('en-US')} features · {classes} classes
            {builtin.kind === 'synthetic' ? ' · samples and noise adjustable per run' : ''}
          </p>
          {isImages &&
            (samples.state === 'shown' ? (
              <button type="button" className="link-button" onClick={() => setSamples({ state: 'idle' })}>
                Hide images
              </button>
            ) : (
              <button type="button" className="link-button" onClick={showImages} disabled={samples.state === 'loading'} data-testid="show-builtin-images">
                {samples.state === 'loading' ? 'Loading…' : 'Show images'}
              </button>
            ))}
          {samples.state === 'failed' && (
            <p className="form-error" role="alert">
              {samples.message}
            </p>
          )}
        </div>
      </div>
      {samples.state === 'shown' && <ImageThumbnails dataset={samples.shown.samples} side={side} channels={1} counts={samples.shown.counts} />}
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
