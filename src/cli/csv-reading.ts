import type { CsvTable } from '../shared/data/csv';
import type { CsvDelimiter } from '../shared/data/csv-sniff';
import { describeFormat } from '../shared/data/csv-values';
import type { CsvReadingChoices } from '../shared/data/import-csv';
import type { Experiment } from '../shared/schema/experiment';
import { UsageError } from './args';

// How the CLI reads a CSV file: as the experiment's dataset says (train, sweep), and for the rows
// of a trained model (predict, export --verify) as its training file was read, so a file with a
// metadata line, a decimal comma or no header gives the features the model was trained on — the
// same options given on the command line win, for a file written another way.

type CsvSpec = Extract<Experiment['dataset'], { csv: string }>;
type CsvReading = Pick<CsvSpec, 'header' | 'skipLines' | 'headerLine' | 'delimiter' | 'encoding' | 'decimal' | 'thousands'>;

/** The options `predict` and `export --verify` take, each the experiment field of the same meaning. */
export const READING_OPTIONS = ['header-line', 'skip-lines', 'delimiter', 'decimal', 'thousands', 'encoding'];

export const READING_OPTIONS_HELP: [string, string][] = [
  ['--header-line N|none', 'the line naming the columns, lines above it skipped; none: no header'],
  ['--skip-lines N', 'lines to leave out before the header (or the data)'],
  ['--delimiter d', 'the field separator: , ; tab | whitespace'],
  ['--decimal m', 'the decimal mark: . or ,'],
  ['--thousands s', "the thousands separator: none , . space '"],
  ['--encoding e', 'utf-8, windows-1252, utf-16le or utf-16be'],
];

/** The experiment's reading choices; `headerLine` N is `skipLines` N−1 with a header. */
export function csvReadingChoices(spec: CsvReading): CsvReadingChoices {
  if (spec.headerLine !== undefined && (spec.skipLines !== undefined || spec.header === false)) {
    throw new Error(`dataset.headerLine: ${spec.headerLine} says where the header is; leave out ${spec.skipLines !== undefined ? 'skipLines' : 'header: false'}, which contradicts or repeats it.`);
  }
  const choices: CsvReadingChoices = {};
  if (spec.headerLine !== undefined) Object.assign(choices, { skipLines: spec.headerLine - 1, hasHeader: true });
  if (spec.skipLines !== undefined) choices.skipLines = spec.skipLines;
  if (spec.header !== undefined) choices.hasHeader = spec.header;
  if (spec.delimiter) choices.delimiter = spec.delimiter;
  if (spec.encoding) choices.encoding = spec.encoding;
  if (spec.decimal) choices.decimal = spec.decimal;
  if (spec.thousands !== undefined) choices.thousands = spec.thousands;
  return choices;
}

/** Each option's values as typed on a command line, and the experiment value each stands for. */
const VALUES = {
  delimiter: { ',': ',', ';': ';', tab: '\t', '|': '|', whitespace: 'whitespace' },
  decimal: { '.': '.', ',': ',' },
  thousands: { none: '', ',': ',', '.': '.', space: ' ', "'": "'" },
  encoding: { 'utf-8': 'utf-8', 'windows-1252': 'windows-1252', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be' },
} as const;

function lineCount(command: string, option: string, text: string, min: number): number {
  if (!/^\d{1,7}$/.test(text) || Number(text) < min) throw new UsageError(`${command}: --${option} takes a whole number of lines${min > 0 ? ` from ${min}` : ''}${option === 'header-line' ? ' or none' : ''}, not '${text}'.`);
  return Number(text);
}

/** The reading options given on the command line, as experiment fields. */
function readingOptions(command: string, options: Record<string, string | undefined>): CsvReading {
  const given: CsvReading = {};
  const headerLine = options['header-line'];
  const skipLines = options['skip-lines'];
  if (headerLine === 'none') given.header = false;
  else if (headerLine !== undefined) given.headerLine = lineCount(command, 'header-line', headerLine, 1);
  if (skipLines !== undefined) {
    if (given.headerLine !== undefined) throw new UsageError(`${command}: --header-line ${headerLine} already skips the lines above it; leave out --skip-lines.`);
    given.skipLines = lineCount(command, 'skip-lines', skipLines, 0);
  }
  for (const name of ['delimiter', 'decimal', 'thousands', 'encoding'] as const) {
    const text = options[name];
    if (text === undefined) continue;
    const values: Record<string, string> = VALUES[name];
    if (!Object.hasOwn(values, text)) throw new UsageError(`${command}: --${name} takes one of ${Object.keys(values).join(' ')}, not '${text}'.`);
    Object.assign(given, { [name]: values[text] });
  }
  return given;
}

/**
 * How to read rows for a trained model: the training file's choices (when it was a CSV file), with
 * the command line's on top. Where the header is — header line, skipped lines, no header — is one
 * choice: any of its options replaces all three of the training file's.
 */
export function modelRowsReading(command: string, dataset: Experiment['dataset'] | undefined, options: Record<string, string | undefined>): CsvReadingChoices {
  const given = readingOptions(command, options);
  const placed = given.headerLine !== undefined || given.skipLines !== undefined || given.header !== undefined;
  const base: CsvReading = {};
  if (dataset && 'csv' in dataset) {
    const { header, skipLines, headerLine, delimiter, encoding, decimal, thousands } = dataset;
    Object.assign(base, placed ? {} : { header, skipLines, headerLine }, { delimiter, encoding, decimal, thousands });
  }
  return csvReadingChoices({ ...base, ...given });
}

/** A delimiter as the CLI's notes name it: tab, whitespace, or the character in quotes. */
export const delimiterName = (delimiter: CsvDelimiter) => (delimiter === '\t' ? 'tab' : delimiter === 'whitespace' ? 'whitespace' : `"${delimiter}"`);

/** How a table was read, for stderr: a wrong guess shows before anyone trusts the predictions. */
export function describeReading(table: CsvTable): string {
  const delimiter = delimiterName(table.delimiter);
  const header = table.hasHeader ? `header on line ${table.skipLines + 1}` : `no header row${table.skipLines > 0 ? `, ${table.skipLines} line${table.skipLines === 1 ? '' : 's'} skipped` : ''}`;
  return `${table.fileName}: ${delimiter}-separated, ${header}, ${describeFormat(table.format)}; ${table.records.length} rows`;
}
