import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README's list of tests that skip on a machine without Electron, Python or scikit-learn's
// files must be the list of test files that can skip: a new skipIf the README does not name, or a
// file it names that no longer skips, fails here.

const ROOT = join(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const start = README.indexOf('Some tests need what a plain machine may lack');
const SKIP_SECTION = README.slice(start, README.indexOf('`npm run mutation`', start));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(ROOT, path)] : [];
  });
}

/** Test files with a test or suite that skips on a condition (vitest's skipIf, or a plain skip). */
const skipping = testFiles(join(ROOT, 'test')).filter((file) => /\b(?:it|test|describe)\.(?:skipIf|skip)\(/.test(readFileSync(join(ROOT, file), 'utf8')));
const named = [...SKIP_SECTION.matchAll(/`([^`]+\.test\.ts)`/g)].map((match) => match[1]);

describe("the README's list of tests that skip", () => {
  it('is found, and names files', () => {
    expect(start).toBeGreaterThan(0);
    expect(named.length).toBeGreaterThan(5);
  });

  it.each(skipping)('names %s', (file) => {
    expect(named.some((name) => name === file || name === basename(file))).toBe(true);
  });

  it('names only files that skip', () => {
    const unknown = named.filter((name) => !skipping.some((file) => file === name || basename(file) === name));
    expect(unknown).toEqual([]);
  });
});
