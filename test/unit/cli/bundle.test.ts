import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { ensureCliBundle } from '../../../scripts/build-cli.mjs';
import { ROOT, runCli } from './run-cli';

// The launcher runs the CLI from a bundle (out/cli); it must never run one older than the sources.

const BUNDLE = join(ROOT, 'out/cli/index.mjs');
const OUTPUTS = ['index.mjs', 'sweep-worker.mjs', 'inputs.json'].map((name) => join(ROOT, 'out/cli', name));

describe('the CLI bundle', () => {
  it('is rebuilt when a source is newer than it, and left alone while it is fresh', async () => {
    await ensureCliBundle();
    const fresh = statSync(BUNDLE).mtimeMs;
    await ensureCliBundle();
    expect(statSync(BUNDLE).mtimeMs).toBe(fresh);

    // Age the bundle by an hour: every source (src/cli/args.ts among them) is now newer than it.
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const file of OUTPUTS) utimesSync(file, hourAgo, hourAgo);
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('nn-workbench train');
    expect(statSync(BUNDLE).mtimeMs).toBeGreaterThan(hourAgo.getTime() + 1000);
  });
});
