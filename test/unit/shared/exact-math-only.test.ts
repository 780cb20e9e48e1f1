import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from '@babel/parser';
import { describe, expect, it } from 'vitest';

// The engines' Math.exp, log, sin, pow, `**` … may differ in the last bit (ECMAScript only asks
// for an "implementation-approximated" value), so the same seed would give other weights in Node,
// Chromium and Electron. Everything in src/shared and src/cli (data, initial weights, training,
// sweeps) uses the host's Math only for what IEEE 754 or ECMAScript define exactly, and this
// project's src/shared/nn/math for the rest. The check reads the syntax tree, so comments,
// strings and names like `Mathematics` do not count.

const ROOT = resolve(import.meta.dirname, '../../..');
const SCANNED = ['src/shared', 'src/cli'];

/**
 * Exactly defined: rounding and sign functions, comparisons, integer operations, conversion to
 * float32, and sqrt (correctly rounded by IEEE 754). Not hypot (engines differ: V8 scales and
 * sums, others call libm), nor anything transcendental, nor random.
 */
const EXACT = new Set(['abs', 'floor', 'ceil', 'round', 'trunc', 'sign', 'min', 'max', 'sqrt', 'fround', 'imul', 'clz32', 'PI']);

interface Finding {
  file: string;
  line: number;
  text: string;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

type Node = { type: string; start: number; end: number; loc: { start: { line: number } } } & Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
const isIntegerLiteral = (node: unknown): boolean =>
  isNode(node) &&
  ((node.type === 'NumericLiteral' && Number.isInteger(node.value)) || (node.type === 'UnaryExpression' && node.operator === '-' && isIntegerLiteral(node.argument)));

/** Uses of the host's Math other than the exact functions, and `**` other than 2 ** (integer literal). */
function inexactMath(file: string, code = readFileSync(join(ROOT, file), 'utf8')): Finding[] {
  const ast = parse(code, { sourceType: 'module', plugins: file.endsWith('x') ? ['typescript', 'jsx'] : ['typescript'] });
  const findings: Finding[] = [];
  const report = (node: Node) => findings.push({ file, line: node.loc.start.line, text: code.slice(node.start, node.end) });

  const visit = (node: Node, parent: Node | null) => {
    if (node.type === 'Identifier' && node.name === 'Math') {
      const member = parent?.type === 'MemberExpression' && parent.object === node ? parent : null;
      const property = member && !member.computed && isNode(member.property) && member.property.type === 'Identifier' ? (member.property.name as string) : null;
      // Math as a value, Math[name], or a function outside EXACT
      if (!property || !EXACT.has(property)) report(member ?? node);
    }
    const exponent = (node.type === 'BinaryExpression' && node.operator === '**') || (node.type === 'AssignmentExpression' && node.operator === '**=');
    if (exponent) {
      // 2 ** 32, 2 ** -126: a power of two every engine computes exactly (and folds at parse time)
      const exactPowerOfTwo = node.type === 'BinaryExpression' && isNode(node.left) && node.left.type === 'NumericLiteral' && node.left.value === 2 && isIntegerLiteral(node.right);
      if (!exactPowerOfTwo) report(node);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
      if (Array.isArray(value)) for (const child of value) if (isNode(child)) visit(child, node);
      if (isNode(value)) visit(value, node);
    }
  };
  visit(ast.program as unknown as Node, null);
  return findings;
}

describe('host maths in src/shared and src/cli', () => {
  const findings = SCANNED.flatMap(sources).flatMap((file) => inexactMath(file));

  it('uses only exactly defined Math functions and exact powers of two', () => {
    const found = findings.map(({ file, line, text }) => `${file}:${line}: ${text}`);
    expect(found, 'use src/shared/nn/math (exp, log, pow, …) instead').toEqual([]);
  });

  it('finds host maths however it is written, and nothing in comments or strings', () => {
    // The check on code written to trip it: a broken walk would pass the tests above vacuously.
    const code = [
      'const f = Math.exp(1) + Math.floor(Math["log"](2)) + x ** 2 + 2 ** 8 + 2 ** -8 + 2 ** y + 2 ** 0.5;',
      'const m: typeof Math = Math; y **= 3; // Math.sin(y) in a comment',
      'const s = `Math.cos ${Math.tanh(u)}`;',
    ].join('\n');
    expect(inexactMath('probe.ts', code).map(({ line, text }) => `${line}: ${text}`)).toEqual([
      '1: Math.exp',
      '1: Math["log"]',
      '1: x ** 2',
      '1: 2 ** y',
      '1: 2 ** 0.5',
      '2: Math',
      '2: Math',
      '2: y **= 3',
      '3: Math.tanh',
    ]);
  });
});
