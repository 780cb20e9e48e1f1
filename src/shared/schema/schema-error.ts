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
/** zod 4 leaves the input out of its issues, so an absent field is known by its message. */
const isMissing = (issue: Issue) => issue.code === 'invalid_type' && / received undefined$/.test(issue.message);

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

/**
 * How far a union's branch is from the value, to follow the closest. First whether it took the
 * value's shape at all: a branch that refused it whole (not an array, not that name) is further
 * than one that found a field wrong (`{"min": 1, "max": 0.5, "steps": 2.5}` is a range with
 * fractional steps, not "expected array"). Then how many of the value's own keys the branch does
 * not know (`{"csv", "target", "header": "yes"}` has a wrong header, not a misspelled "targets";
 * `{"idx": {"lables", …}}` is an IDX dataset, whatever is wrong inside it). Then its problems.
 */
function distance(errors: Issue[]): number[] {
  const refusedWhole = errors.every((issue) => issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value'));
  const unknownKeys = errors.reduce((sum, issue) => sum + (issue.code === 'unrecognized_keys' && issue.path.length === 0 ? issue.keys.length : 0), 0);
  return [refusedWhole ? 1 : 0, unknownKeys, errors.length];
}

/** Whether distance a is smaller than b: the first entry in which they differ decides. */
function closer(a: number[], b: number[]): boolean {
  const first = a.findIndex((x, i) => x !== b[i]);
  return first >= 0 && a[first] < b[first];
}

function describeIssues(issues: Issue[], prefix: Path): { path: Path; message: string } {
  const typo = misspelling(issues, prefix);
  if (typo) return typo;
  const issue = issues[0];
  const here = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const closest = issue.errors.reduce((best, errors) => (closer(distance(errors), distance(best)) ? errors : best));
    return describeIssues(closest, here);
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
