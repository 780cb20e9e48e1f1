import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Runs the real `nn-workbench` launcher (bin/nn-workbench.js → tsx → src/cli) as a child process.

export const ROOT = join(__dirname, '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd = ROOT): CliRun {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/nn-workbench.js'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The rows of a CSV written by the CLI (no quoted fields in these outputs). */
export function csvRows(text: string): string[][] {
  return text.trim().split('\n').map((line) => line.split(','));
}
