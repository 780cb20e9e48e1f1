import { SweepSchema, type Sweep } from '../shared/schema/sweep';
import { readJson } from './files';
import { describeSchemaError } from '../shared/schema/schema-error';

/** Reads and validates a sweep JSON file, filling in every default. */
export function loadSweep(path: string): Sweep {
  const parsed = SweepSchema.safeParse(readJson(path, 'sweep file'));
  if (!parsed.success) throw new Error(`${path}: ${describeSchemaError(parsed.error)}.`);
  return parsed.data;
}
