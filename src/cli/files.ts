import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { findUnsafeKey } from '../shared/schema/unsafe-keys';
import { formatPath } from '../shared/schema/schema-error';

// Reading the files a command is given, with messages that say which file and what went wrong
// (Node's own errors carry a syscall name and a stack the user does not need).

/** What went wrong with a file, in words: "no such file", "permission denied", … */
export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOSPC') return 'no space left on the device';
  return error instanceof Error ? error.message : String(error);
}

/** A file's size in bytes, without reading it. */
export function fileSize(path: string, what: string): number {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    return stat.size;
  } catch (error) {
    throw new Error(`Cannot read ${what} '${path}': ${reason(error)}.`);
  }
}

export function readBytes(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`Cannot read ${what} '${path}': ${reason(error)}.`);
  }
}

/** The first `length` bytes of a file (all of it when shorter). */
export function readHead(path: string, what: string, length: number): Uint8Array {
  try {
    const head = new Uint8Array(length);
    const fd = openSync(path, 'r');
    try {
      return head.subarray(0, readSync(fd, head, 0, length, 0));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new Error(`Cannot read ${what} '${path}': ${reason(error)}.`);
  }
}

export function readText(path: string, what: string): string {
  return new TextDecoder().decode(readBytes(path, what));
}

/**
 * Parses JSON, turning V8's "at position N" into a line and column. Refuses keys that name a
 * prototype (`__proto__`, …): the schemas would drop or reject them further on, but silently
 * dropping what a user wrote changes their file's meaning, and nothing valid uses them.
 */
export function readJson(path: string, what: string): unknown {
  const text = readText(path, what);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      where = ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
    }
    throw new Error(`${path} is not valid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/, '')}.`);
  }
  const unsafe = findUnsafeKey(value);
  if (unsafe) throw new Error(`${path}: ${formatPath(unsafe)}: '${unsafe.at(-1)}' is not allowed as a key (it names an object's prototype).`);
  return value;
}
