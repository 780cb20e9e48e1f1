import { ExperimentSchema, type Experiment } from '../shared/schema/experiment';
import { readJson } from './files';
import { describeSchemaError } from '../shared/schema/schema-error';

/** Reads and validates an experiment JSON file, filling in every default. */
export function loadExperiment(path: string): Experiment {
  const parsed = ExperimentSchema.safeParse(readJson(path, 'experiment file'));
  if (!parsed.success) throw new Error(`${path}: ${describeSchemaError(parsed.error)}.`);
  return parsed.data;
}
