#!/usr/bin/env node
// The `nn-workbench` command: runs the TypeScript CLI in place through tsx's loader, so the CLI
// needs no build step and stays the same code as `npm run cli`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
