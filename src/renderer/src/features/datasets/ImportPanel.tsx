import { useRef, useState, type DragEvent } from 'react';
import { filesFromEntry, filesFromPicker, type FolderFile } from './folder-files';

// Where imports start: buttons that open the file pickers (a CSV file; a folder of class
// subfolders through `webkitdirectory`, which Chromium and so Electron support; two IDX files)
// and a drop zone that sorts what is dropped: one CSV file, two IDX files, or a folder.

export type ImportRequest =
  | { kind: 'csv'; file: File }
  | { kind: 'idx'; files: [File, File] }
  | { kind: 'images'; files: FolderFile[]; folders: string[] };

const CSV_NAME = /\.(csv|tsv|txt)$/i;
const IDX_NAME = /(idx\d-ubyte|\.idx\d?)(\.gz)?$/i;

/** What a set of dropped or picked files is, or why it cannot be imported. */
export function classifyFiles(files: File[]): ImportRequest | { error: string } {
  if (files.length === 1 && CSV_NAME.test(files[0].name)) return { kind: 'csv', file: files[0] };
  if (files.length === 2 && files.every((f) => IDX_NAME.test(f.name))) return { kind: 'idx', files: [files[0], files[1]] };
  if (files.length === 1) return { kind: 'csv', file: files[0] };
  const names = files.map((f) => f.name).join(', ');
  return { error: `Drop one CSV file, two IDX files (images and labels), or a folder with one subfolder per class; got ${files.length} files (${names}).` };
}

export function ImportPanel({ onImport }: { onImport(request: ImportRequest): void }) {
  const csvInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const idxInput = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function take(files: FileList | File[] | null) {
    const list = [...(files ?? [])];
    if (list.length === 0) return;
    const request = classifyFiles(list);
    if ('error' in request) setError(request.error);
    else {
      setError(null);
      onImport(request);
    }
  }

  /** Picked as IDX files: any names will do, the worker reads their headers. */
  function takeIdx(files: FileList | null) {
    const list = [...(files ?? [])];
    if (list.length === 0) return;
    if (list.length !== 2) return setError(`Choose two IDX files, the images and the labels (${list.length} chosen).`);
    setError(null);
    onImport({ kind: 'idx', files: [list[0], list[1]] });
  }

  async function drop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    // Entries must be taken before the handler returns: the data transfer is emptied afterwards.
    const entries = [...event.dataTransfer.items].map((item) => item.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
    const files = [...event.dataTransfer.files];
    if (entries.length === 1 && entries[0].isDirectory) {
      try {
        const { files: inside, folders } = await filesFromEntry(entries[0] as FileSystemDirectoryEntry);
        setError(null);
        onImport({ kind: 'images', files: inside, folders });
      } catch (failure) {
        setError(`Could not read the dropped folder: ${failure instanceof Error ? failure.message : String(failure)}`);
      }
      return;
    }
    take(files);
  }

  return (
    <div
      className={`panel import-panel${over ? ' drop-over' : ''}`}
      data-testid="import-panel"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => void drop(e)}
    >
      <div>
        <h2>Import a dataset</h2>
        <p className="muted">Drop a CSV file, two IDX files, or a folder of images with one subfolder per class here, or choose:</p>
      </div>
      <div className="import-buttons">
        <button type="button" onClick={() => csvInput.current?.click()} data-testid="import-csv">
          CSV file…
        </button>
        <button type="button" onClick={() => folderInput.current?.click()} data-testid="import-images">
          Image folder…
        </button>
        <button type="button" onClick={() => idxInput.current?.click()} data-testid="import-idx">
          IDX files…
        </button>
      </div>
      {/* Reset after each pick so choosing the same file again still opens the wizard. */}
      <input ref={csvInput} type="file" accept=".csv,.tsv,.txt,text/csv" hidden data-testid="csv-file-input" onChange={(e) => (take(e.target.files), (e.target.value = ''))} />
      <input
        ref={folderInput}
        type="file"
        hidden
        data-testid="folder-input"
        {...{ webkitdirectory: '', directory: '' }}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          if (files.length > 0) onImport({ kind: 'images', files: filesFromPicker(files), folders: [] });
          e.target.value = '';
        }}
      />
      <input ref={idxInput} type="file" multiple hidden data-testid="idx-file-input" onChange={(e) => (takeIdx(e.target.files), (e.target.value = ''))} />
      {error && (
        <p className="form-error" role="alert" data-testid="import-panel-error">
          {error}
        </p>
      )}
    </div>
  );
}
