import { ImportError } from './import-error';

// Turns parsed CSV records (arrays of string fields, in file order, in chunks) into numbered data
// records: counts rows across chunks, leaves out the lines before the data (`skipLines`), takes
// the header from the first record after them, skips blank lines, forgives a trailing delimiter
// and refuses ragged rows. The profiler and the builder both read through it, so a row number in
// any message is the same one the user sees in the file (line numbers, unless a quoted field
// spans lines).

export interface CsvRecordOptions {
  fileName: string;
  /** The first non-blank record after the skipped lines names the columns. */
  hasHeader: boolean;
  /** Records (lines) before the data and its header, left out whatever they hold. */
  skipLines?: number;
}

const isBlank = (fields: string[]) => fields.length === 0 || (fields.length === 1 && fields[0].trim() === '');

/**
 * Column names from a header record: trimmed; an empty name becomes "column N" (pandas writes an
 * unnamed index column); a repeated name gets its count, "x (2)", so every role can be chosen by name.
 */
export function headerNames(fields: string[]): string[] {
  const names = fields.map((f, j) => f.trim() || `column ${j + 1}`);
  const seen = new Set(names);
  const counts = new Map<string, number>();
  return names.map((name) => {
    const count = (counts.get(name) ?? 0) + 1;
    counts.set(name, count);
    if (count === 1) return name;
    let n = count;
    while (seen.has(`${name} (${n})`)) n++;
    seen.add(`${name} (${n})`);
    return `${name} (${n})`;
  });
}

export class CsvRecords {
  /** Records seen so far, blank lines included (the number of the last record). */
  row = 0;
  /** Column names: from the header, or "column 1", "column 2", … */
  names: string[] | null = null;
  private readonly options: CsvRecordOptions;
  /** The header ended with an empty field, which may be a trailing delimiter (decided on the first data row). */
  private headerTrailing = false;
  private dataRows = 0;

  constructor(options: CsvRecordOptions) {
    this.options = options;
  }

  /** Calls `onRecord` for each data record of the chunk with its 1-based row number in the file. */
  feed(chunk: readonly string[][], onRecord: (fields: string[], row: number) => void): void {
    const { fileName, hasHeader, skipLines = 0 } = this.options;
    for (const record of chunk) {
      const row = ++this.row;
      if (row <= skipLines || isBlank(record)) continue;
      let fields = record;
      if (this.names === null) {
        this.names = hasHeader ? headerNames(fields) : fields.map((_, j) => `column ${j + 1}`);
        // (A one-field header ending empty is a blank line, skipped above.)
        this.headerTrailing = hasHeader && fields[fields.length - 1].trim() === '';
        if (hasHeader) continue;
      }
      // A delimiter at the end of every line ("a,b,c,") adds an empty last field: to the header
      // (then dropped once the data rows show it), or to the data rows (dropped from each).
      if (this.dataRows === 0 && this.headerTrailing && (fields.length === this.names.length - 1 || (fields.length === this.names.length && fields[fields.length - 1].trim() === ''))) {
        this.names = this.names.slice(0, -1);
      }
      if (fields.length === this.names.length + 1 && fields[fields.length - 1].trim() === '') fields = fields.slice(0, -1);
      if (fields.length !== this.names.length) {
        throw new ImportError(
          { file: fileName, row },
          `found ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${this.names.length} like ${hasHeader ? 'the header' : 'the first row'}` +
            (skipLines === 0 && this.dataRows === (hasHeader ? 0 : 1) ? ' (if the first line is not data or a header, skip it)' : ''),
        );
      }
      this.dataRows++;
      onRecord(fields, row);
    }
  }

  /** The column names, or the empty-file error. */
  columnNames(): string[] {
    if (this.names === null) throw new ImportError({ file: this.options.fileName }, this.options.skipLines ? `the file has no lines after the ${this.options.skipLines} skipped` : 'the file is empty');
    return this.names;
  }
}
