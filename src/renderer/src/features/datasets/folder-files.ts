// The files of a folder the user picked or dropped, each with its path inside the folder's parent
// ("flowers/rose/1.jpg"), the form `listImageFolder` reads with `includesRoot: true`. A picked
// folder (`webkitdirectory`) gives the paths as `webkitRelativePath`; a dropped one is walked
// through the File and Directory Entries API.

export interface FolderFile {
  path: string;
  file: File;
}

export function filesFromPicker(files: readonly File[]): FolderFile[] {
  return files.map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

/** The picked or dropped folder's own name (the first path segment). */
export function folderNameOf(files: readonly FolderFile[]): string {
  return files[0]?.path.split('/')[0] ?? 'folder';
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries returns the entries in batches (100 in Chromium) until it returns none.
  return new Promise((resolve, reject) => {
    const entries: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(entries);
        else {
          entries.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

const fileOf = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** Every file below a dropped folder, and an entry ending in '/' for each folder (so empty class folders are seen). */
export async function filesFromEntry(root: FileSystemDirectoryEntry): Promise<{ files: FolderFile[]; folders: string[] }> {
  const files: FolderFile[] = [];
  const folders: string[] = [];
  async function walk(directory: FileSystemDirectoryEntry, path: string): Promise<void> {
    folders.push(`${path}/`);
    for (const entry of await readAll(directory.createReader())) {
      const child = `${path}/${entry.name}`;
      if (entry.isDirectory) await walk(entry as FileSystemDirectoryEntry, child);
      else files.push({ path: child, file: await fileOf(entry as FileSystemFileEntry) });
    }
  }
  await walk(root, root.name);
  return { files, folders };
}
