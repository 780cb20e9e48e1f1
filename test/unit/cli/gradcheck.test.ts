import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, runCli } from './run-cli';

describe('gradcheck command', () => {
  it('checks every tensor of the configured model and passes for the Iris experiment', () => {
    const run = runCli(['gradcheck', join(FIXTURES, 'iris.experiment.json')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.slice(0, 4).map((line) => line.split(/\s+/)[0])).toEqual(['layers[0].W', 'layers[0].b', 'layers[1].W', 'layers[1].b']);
    expect(lines[0]).toContain('(32 of 32 entries)');
    for (const line of lines.slice(0, 4)) expect(Number(/relative error (\S+)/.exec(line)?.[1])).toBeLessThan(1e-7);
    expect(lines[4]).toBe('PASS: every relative error is below 1e-7');
  });

  it('reports a missing experiment like the other commands', () => {
    const run = runCli(['gradcheck', 'missing.json']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("nn-workbench: Cannot read experiment file 'missing.json': no such file.\n");
  });
});
