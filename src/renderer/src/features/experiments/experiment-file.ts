import { ExperimentSchema, type ExperimentInput } from '../../../../shared/schema/experiment';
import { describeSchemaError, formatPath } from '../../../../shared/schema/schema-error';
import { findUnsafeKey } from '../../../../shared/schema/unsafe-keys';

// Experiment JSON files: the same format the CLI reads (see README). Import checks the text with
// the shared schema and names the file and the field; export writes what the editor holds.

export function serializeExperiment(name: string, experiment: ExperimentInput): string {
  return `${JSON.stringify({ ...experiment, name }, null, 2)}\n`;
}

/** The experiment in a file's text, or an Error naming the file and the first bad field. */
export function parseExperimentFile(fileName: string, text: string): { name: string; experiment: ExperimentInput } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${fileName}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const unsafe = findUnsafeKey(value);
  if (unsafe) throw new Error(`${fileName}: ${formatPath(unsafe)}: '${unsafe.at(-1)}' is not allowed as a key (it names an object's prototype)`);
  const parsed = ExperimentSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${fileName}: ${describeSchemaError(parsed.error)}`);
  const { name, ...experiment } = parsed.data;
  return { name: name ?? fileName.replace(/\.json$/i, ''), experiment };
}
