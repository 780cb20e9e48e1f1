import { resolveSyntheticDataset } from '../../../../shared/data/synthetic';
import { BUILTIN_DATASET_NAMES, BUILTIN_DATASETS } from './builtin-datasets';
import { DatasetPreview } from './DatasetPreview';

// The built-in datasets at their default size. Importing CSV files, image folders and IDX files
// is the next step for this page.

export function DatasetsPage() {
  return (
    <section className="page" data-testid="datasets-page">
      <header className="page-header">
        <h1>Datasets</h1>
        <p className="muted">Built-in 2-D datasets, generated from a seed. Importing your own CSV files and images comes in a later version.</p>
      </header>
      <ul className="dataset-grid">
        {BUILTIN_DATASET_NAMES.map((name) => {
          const dataset = resolveSyntheticDataset({ synthetic: name, seed: 0 });
          const classes = dataset.target.kind === 'classes' ? dataset.target.classes.length : 0;
          return (
            <li key={name} className="panel dataset-card" data-testid={`dataset-${name}`}>
              <DatasetPreview dataset={dataset} size={140} />
              <div>
                <h2>{BUILTIN_DATASETS[name].label}</h2>
                <p>{BUILTIN_DATASETS[name].description}</p>
                <p className="muted">
                  {dataset.rows} rows · {dataset.features} features · {classes} classes
                </p>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
