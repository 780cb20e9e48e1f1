// Bundles the command line (src/cli, with the shared engine it imports) into plain JavaScript in
// out/cli: index.mjs, and sweep-worker.mjs, which a sweep forks once per parallel slot. Node then
// starts the CLI in about a third of a second instead of the second a TypeScript loader spends
// compiling ~100 modules — paid again by every sweep worker, so it was most of a short sweep's
// wall time and what kept two workers from being twice as fast as one.
//
// `bin/nn-workbench.js` calls ensureCliBundle() before every start, so an edited source is
// rebuilt (about 0.3 s) rather than run stale: the bundle records its input files, and is fresh
// while none of them is newer than it. npm packages stay outside the bundle (they resolve from
// node_modules as usual); the wasm kernels are a generated source (npm run build:wasm) and so
// part of it.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'out/cli');
const manifestFile = join(outDir, 'inputs.json');
const ENTRIES = ['src/cli/index.ts', 'src/cli/sweep-worker.ts'];

/** The bundle's entry module, for import(). */
export const CLI_BUNDLE = pathToFileURL(join(outDir, 'index.mjs')).href;

const OUTPUTS = ['index.mjs', 'sweep-worker.mjs', 'inputs.json'].map((name) => join(outDir, name));

function isFresh() {
  if (!OUTPUTS.every((file) => existsSync(file))) return false;
  const built = Math.min(...OUTPUTS.map((file) => statSync(file).mtimeMs));
  const inputs = JSON.parse(readFileSync(manifestFile, 'utf8'));
  // A deleted input means its importer changed too; existsSync keeps the check from throwing.
  return [...inputs, relative(root, import.meta.filename)].every((input) => {
    const file = join(root, input);
    return existsSync(file) && statSync(file).mtimeMs < built;
  });
}

/** Builds out/cli unless it is newer than every file it was built from. */
export async function ensureCliBundle() {
  if (isFresh()) return;
  // Loaded only to build, so a fresh bundle starts without esbuild's start-up cost.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: ENTRIES.map((entry) => join(root, entry)),
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  mkdirSync(outDir, { recursive: true });
  // Written to temporary names and renamed, so CLI processes that start together (shards of a
  // sweep on one machine, parallel tests) never load a half-written file.
  const unique = `${process.pid}-${Date.now()}`;
  const files = [
    ...result.outputFiles.map((file) => ({ path: file.path, contents: file.contents })),
    { path: manifestFile, contents: JSON.stringify(Object.keys(result.metafile.inputs)) },
  ];
  try {
    for (const file of files) writeFileSync(`${file.path}.${unique}`, file.contents);
    for (const file of files) renameSync(`${file.path}.${unique}`, file.path);
  } finally {
    for (const file of files) rmSync(`${file.path}.${unique}`, { force: true });
  }
}

if (process.argv[1] === import.meta.filename) await ensureCliBundle();
