import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from './run-cli';

// A checkpoint (any output file) is replaced by writing a temporary file and renaming it, so a
// process killed outright in the middle of a write leaves the previous file whole. A writer that
// rewrites an 8 MB file in a loop is killed with SIGKILL at several moments; each time the file
// holds one complete version.

const dir = mkdtempSync(join(tmpdir(), 'nn-atomic-'));

describe('writeOutputFile', () => {
  it('a writer killed with SIGKILL mid-write leaves a complete file', async () => {
    const target = join(dir, 'checkpoint.json');
    for (const delay of [0, 15, 40, 90]) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'write-forever.ts'), target]);
      const exited = new Promise((resolve) => child.on('exit', resolve));
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      expect(await waitFor(() => existsSync(target), 60_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;
      expect(stderr).toBe('');
      const text = readFileSync(target, 'latin1');
      expect(text.length).toBe(8 << 20);
      expect(new Set(text).size).toBe(1);
    }
  }, 120_000);
});
