import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli';

// Every command explains itself: `--help` with its options and examples, `--version`, and a
// misspelled field named next to the one it was probably meant to be.

const COMMANDS = ['train', 'predict', 'gradcheck', 'inspect', 'sweep', 'merge', 'export'];

describe('help', () => {
  const overview = runCli(['--help']);

  it('lists every command with its synopsis', () => {
    expect(overview.status).toBe(0);
    for (const name of COMMANDS) expect(overview.stdout).toMatch(new RegExp(`^  nn-workbench ${name} `, 'm'));
    expect(overview.stdout).toContain("Run 'nn-workbench <command> --help' for a command's options and examples");
  });

  it.each(COMMANDS)('%s --help: usage, options and examples that use only those options (it said "Unknown option")', (name) => {
    const help = runCli([name, '--help']);
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Usage: nn-workbench ${name} `));
    const synopsis = help.stdout.split('\n')[0];
    const examples = help.stdout.slice(help.stdout.indexOf('Examples:\n') + 10).trimEnd().split('\n');
    expect(examples.length).toBeGreaterThanOrEqual(1);
    for (const example of examples) {
      expect(example).toMatch(new RegExp(`^  nn-workbench ${name} `));
      for (const flag of example.match(/--[a-z-]+/g) ?? []) expect(synopsis).toContain(`${flag} `);
    }
    // The summary is wrapped and the options fit a terminal; only the synopsis and examples are as long as they must be.
    const prose = help.stdout.slice(synopsis.length, help.stdout.indexOf('Examples:')).split('\n');
    for (const line of prose) expect(line.length).toBeLessThanOrEqual(110);
    expect(runCli(['help', name]).stdout).toBe(help.stdout);
    expect(runCli([name, 'anything.json', '-h']).stdout).toBe(help.stdout);
  });

  it('--version prints the version in package.json', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const run = runCli(['--version']);
    expect(run.stdout).toBe(`nn-workbench ${version}\n`);
    expect(run.status).toBe(0);
  });
});
