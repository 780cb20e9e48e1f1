import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useServices } from '../../app/services';
import { BuiltinDatasetGrid } from './BuiltinDatasetGrid';
import { CsvImportWizard } from './CsvImportWizard';
import { IdxImportDialog } from './IdxImportDialog';
import { ImageImportDialog } from './ImageImportDialog';
import { ImportPanel, type ImportRequest } from './ImportPanel';
import { StorageUsageLine } from './StorageUsageLine';
import { StoredDatasetList } from './StoredDatasetList';
import './datasets.css';

// The user's imported datasets, the import that is under way (one at a time), and the built-in
// datasets every install has.

export function DatasetsPage() {
  const { datasets } = useServices();
  const records = useLiveQuery(() => datasets.list(), []);
  const [importing, setImporting] = useState<ImportRequest | null>(null);

  return (
    // A file dropped beside the drop zone would make the browser open it in place of the app.
    <section className="page datasets-page" data-testid="datasets-page" onDragOver={(e) => e.preventDefault()} onDrop={(e) => e.preventDefault()}>
      <header className="page-header">
        <h1>Datasets</h1>
        <StorageUsageLine records={records} />
      </header>

      {importing === null && <ImportPanel onImport={setImporting} />}
      {importing?.kind === 'csv' && <CsvImportWizard file={importing.file} onClose={() => setImporting(null)} />}
      {importing?.kind === 'idx' && <IdxImportDialog files={importing.files} onClose={() => setImporting(null)} />}
      {importing?.kind === 'images' && <ImageImportDialog files={importing.files} folders={importing.folders} onClose={() => setImporting(null)} />}

      <h2 className="section-title">Imported</h2>
      {records && <StoredDatasetList records={records} />}

      <h2 className="section-title">Built in</h2>
      <BuiltinDatasetGrid />
    </section>
  );
}
