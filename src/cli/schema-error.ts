import type { z } from 'zod';

// zod reports a value that fits none of a union's shapes (a dataset spec, an activation given as a
// name or an object) as a bare "Invalid input" on the union. Users need the field that is actually
// wrong, so follow the union branch that came closest (fewest problems) down to its first issue.

type Issue = z.core.$ZodIssue;

/** ['model', 'layers', 1, 'units'] → "model.layers[1].units". */
export const formatPath = (path: PropertyKey[]) =>
  path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');

function closestIssue(issue: Issue, path: PropertyKey[]): { path: PropertyKey[]; message: string } {
  const here = [...path, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branch = issue.errors.reduce((best, errors) => (errors.length < best.length ? errors : best));
    return closestIssue(branch[0], here);
  }
  if (issue.code === 'unrecognized_keys') {
    return { path: here, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}` };
  }
  return { path: here, message: issue.message };
}

/** "training.optimizer.learningRate: expected a number > 0" for the first problem zod found. */
export function describeSchemaError(error: z.ZodError): string {
  const { path, message } = closestIssue(error.issues[0], []);
  return path.length ? `${formatPath(path)}: ${message}` : message;
}
