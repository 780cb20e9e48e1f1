import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

// Runs the real `nn-workbench` launcher (bin/nn-workbench.js → tsx → src/cli) as a child process.

export const ROOT = join(__dirname, '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `timeout`: a command that should end at once gets a short one, so a hang fails the test fast. */
export function runCli(args: string[], cwd = ROOT, timeout = 60_000): CliRun {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/nn-workbench.js'), ...args], { cwd, encoding: 'utf8', timeout });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The rows of a CSV written by the CLI (no quoted fields in these outputs). */
export function csvRows(text: string): string[][] {
  return text.trim().split('\n').map((line) => line.split(','));
}

export interface StartedCli {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  /** Resolves with the exit code, or with the signal's name when a signal ended it. */
  exited: Promise<number | string>;
}

/** Starts the CLI without waiting: for tests that signal it or watch its workers while it runs. */
export function startCli(args: string[], cwd = ROOT): StartedCli {
  const child = spawn(process.execPath, [join(ROOT, 'bin/nn-workbench.js'), ...args], { cwd });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal!)));
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Process ids of the running processes whose command line contains `marker` (a test's own temp directory). */
export function processesWith(marker: string): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes(marker) && !line.includes(' ps -eo'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/** Waits until `condition` holds, checking every 50 ms; false when `ms` passed first. */
export async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
