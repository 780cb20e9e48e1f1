import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { reason } from './files';

// Every file or directory a command will write is checked before any work starts, so a typo in --out
// costs a second, not a training run. Permission bits say little when running as root and nothing
// about read-only or virtual file systems (/proc), so each check really creates and removes a file.

/** An output's parent directory that does not exist is the usual typo: say so rather than "no such file". */
const outputReason = (error: unknown) => ((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : reason(error));

const exists = (path: string) => {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
};

/** Creates and removes a file in `dir`: the one check that holds for root, read-only mounts and /proc alike. */
function probe(dir: string): void {
  const file = join(dir, `.nn-workbench-probe-${process.pid}`);
  try {
    closeSync(openSync(file, 'wx'));
  } catch (error) {
    // ENOENT from an existing directory: a virtual file system such as /proc.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`'${dir}' does not take new files`);
    throw error;
  }
  rmSync(file, { force: true });
}

/** Throws unless `path` can be written as a file; changes nothing on disk. `what`: "weights file", … */
export function checkOutputFile(path: string, what: string): void {
  try {
    if (exists(path)) {
      if (statSync(path).isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
      // r+ neither creates nor truncates: the old file stays as it is until the work is done.
      closeSync(openSync(path, 'r+'));
    } else {
      const dir = dirname(resolve(path));
      if (!exists(dir)) throw Object.assign(new Error(), { code: 'ENOENT' });
      if (!statSync(dir).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
      probe(dir);
    }
  } catch (error) {
    throw new Error(`Cannot write the ${what} '${path}': ${outputReason(error)}.`);
  }
}

/**
 * Creates `path` and its missing parents, one level at a time (Node's recursive mkdir never returns
 * under /proc), and checks that files can be written in it.
 */
export function prepareOutputDirectory(path: string, what: string): void {
  const missing: string[] = [];
  for (let dir = resolve(path); !exists(dir); dir = dirname(dir)) missing.unshift(dir);
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      // Another process made it meanwhile (shards of one sweep starting together): the check
      // below still refuses it if it is not a directory.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      // mkdir's ENOENT under an existing parent: a virtual file system such as /proc.
      const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `'${dirname(dir)}' does not take new directories` : reason(error);
      throw new Error(`Cannot create the ${what} '${path}': ${why}.`);
    }
  }
  try {
    if (!statSync(path).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    probe(path);
  } catch (error) {
    throw new Error(`Cannot write the ${what} '${path}': ${outputReason(error)}.`);
  }
}

/** Writes a whole file under a temporary name and renames it, so a failure never leaves half a file. */
export function writeOutputFile(path: string, contents: string, what: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new Error(`Cannot write the ${what} '${path}': ${outputReason(error)}.`);
  }
}
