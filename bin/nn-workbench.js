#!/usr/bin/env node
// The `nn-workbench` command: runs the CLI bundled from src/cli (out/cli, rebuilt first whenever a
// source is newer; see scripts/build-cli.mjs), so it stays the same code as the sources and
// starts without compiling TypeScript.
import { CLI_BUNDLE, ensureCliBundle } from '../scripts/build-cli.mjs';

await ensureCliBundle();
await import(CLI_BUNDLE);
