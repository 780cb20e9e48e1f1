#!/usr/bin/env node
// The `nn-workbench` command: runs the CLI bundled from src/cli (out/cli, rebuilt first whenever a
// source is newer; see scripts/build-cli.mjs), so it stays the same code as the sources and
// starts without compiling TypeScript.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLI_BUNDLE, ensureCliBundle } from '../scripts/build-cli.mjs';

try {
  await ensureCliBundle();
} catch (error) {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  // A source that does not compile is the user's to fix (esbuild has printed where); a checkout
  // the user cannot write to is not: there an older bundle still runs, and says so.
  const unwritable = ['EACCES', 'EPERM', 'EROFS'].includes(error?.code);
  if (!unwritable) {
    process.stderr.write(`nn-workbench: the command line does not build from src/ (${reason.replace(/:$/, '')}; esbuild's report above says where).\n`);
    process.exit(1);
  }
  if (!existsSync(fileURLToPath(CLI_BUNDLE))) {
    process.stderr.write(`nn-workbench: cannot write the command line into out/cli (${reason}). Run \`npm run build:cli\` as a user who can.\n`);
    process.exit(1);
  }
  process.stderr.write(`nn-workbench: warning: out/cli is older than the sources and could not be rebuilt (${reason}); running it as it is.\n`);
}
await import(CLI_BUNDLE);
