import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rules that keep the layers apart (eslint.config.js) refuse what DESIGN.md forbids: each
// case is code placed in a file of the layer, linted with the project's own configuration.

const eslint = new ESLint({ cwd: join(__dirname, '../..') });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('layer rules', () => {
  it.each([
    ['src/shared/engine/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", /^no-restricted-imports: 'node:fs' import is restricted .*src\/shared is pure TypeScript/],
    ['src/shared/data/x.ts', "import { app } from 'electron';\nexport const f = app;\n", /^no-restricted-imports: 'electron' import is restricted .*never imports Electron/],
    ['src/shared/nn/x.ts', 'export const width = window.innerWidth;\n', /^no-restricted-globals: Unexpected use of 'window'\. src\/shared has no DOM/],
    ['src/shared/nn/x.ts', "import { parseCsv } from '../data/csv';\nexport const f = parseCsv;\n", /^no-restricted-imports: '\.\.\/data\/csv' import is restricted .*never imports src\/shared\/data/],
    ['src/shared/schema/x.ts', "import { train } from '../nn/train';\nexport const f = train;\n", /^no-restricted-imports: '\.\.\/nn\/train' import is restricted .*depends on nothing of ours/],
    ['src/renderer/src/app/x.ts', "import { registerIpcHandlers } from '../../../main/ipc';\nexport const f = registerIpcHandlers;\n", /^no-restricted-imports: '\.\.\/\.\.\/\.\.\/main\/ipc' import is restricted .*preload bridge/],
    ['src/renderer/src/app/x.tsx', "import { useState } from 'react';\nexport function F({ on }: { on: boolean }) {\n  if (on) useState(0);\n  return null;\n}\n", /^react-hooks\/rules-of-hooks: React Hook "useState" is called conditionally/],
  ])('%s: refuses %j', async (file, code, expected) => {
    const found = await problems(file, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(expected);
  });

  it('accepts what each layer may do', async () => {
    expect(await problems('src/cli/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toEqual([]);
    expect(await problems('src/shared/engine/x.ts', "import { train } from '../nn/train';\nimport { parseCsv } from '../data/csv';\nexport const f = [train, parseCsv];\n")).toEqual([]);
  });
});
