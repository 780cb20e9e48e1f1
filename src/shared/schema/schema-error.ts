import type { z } from 'zod';

// One sentence for the first problem zod found in a user's JSON, naming the field that is wrong.
// Two things zod reports unhelpfully are followed further:
// - a value that fits none of a union's shapes (a dataset spec, an activation given as a name or an
//   object) is a bare "Invalid input" on the union: follow the branch that came closest (a
//   misspelled field of its own, else the fewest problems) down to its first issue;
// - a misspelled required field is two issues, the missing field first: name the unknown key and
//   the field it was probably meant to be, "unknown field 'learnignRate' (did you mean 'learningRate'?)".

type Issue = z.core.$ZodIssue;
type Path = PropertyKey[];

/** ['model', 'layers', 1, 'units'] → "model.layers[1].units". */
export const formatPath = (path: Path) =>
  path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');

/** Edits (insert, delete, substitute, swap two neighbours) turning `a` into `b`. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

const samePath = (a: Path, b: Path) => a.length === b.length && a.every((key, i) => key === b[i]);
const isMissing = (issue: Issue) => issue.code === 'invalid_type' && issue.input === undefined && / received undefined$/.test(issue.message);

/** An unknown key next to a missing field it is close to (at most a third of its letters off, case aside). */
function misspelling(issues: Issue[], prefix: Path): { path: Path; message: string } | undefined {
  for (const unknown of issues) {
    if (unknown.code !== 'unrecognized_keys') continue;
    const missing = issues.filter((issue) => isMissing(issue) && samePath(issue.path.slice(0, -1), unknown.path)).map((issue) => String(issue.path.at(-1)));
    for (const key of unknown.keys) {
      const scored = missing.map((name) => ({ name, distance: editDistance(key.toLowerCase(), name.toLowerCase()) }));
      const best = scored.sort((a, b) => a.distance - b.distance)[0];
      if (best && best.distance <= Math.max(1, Math.floor(best.name.length / 3))) {
        return { path: [...prefix, ...unknown.path], message: `unknown field '${key}' (did you mean '${best.name}'?)` };
      }
    }
  }
  return undefined;
}

function describeIssues(issues: Issue[], prefix: Path): { path: Path; message: string } {
  const typo = misspelling(issues, prefix);
  if (typo) return typo;
  const issue = issues[0];
  const here = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // A branch that a misspelled field explains is the one meant, however many problems the others have.
    const meant = issue.errors.find((errors) => misspelling(errors, here));
    return describeIssues(meant ?? issue.errors.reduce((best, errors) => (errors.length < best.length ? errors : best)), here);
  }
  if (issue.code === 'unrecognized_keys') {
    return { path: here, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}` };
  }
  return { path: here, message: issue.message };
}

/** One issue's field and message, a union followed into the branch that came closest (for forms that show every problem under its field). */
export function locateIssue(issue: Issue): { path: Path; message: string } {
  return describeIssues([issue], []);
}

/** "training.optimizer.learningRate: expected a number > 0" for the first problem zod found. */
export function describeSchemaError(error: z.ZodError): string {
  const { path, message } = describeIssues(error.issues, []);
  return path.length ? `${formatPath(path)}: ${message}` : message;
}
