import { ImportError } from './import-error';

// Turns parsed CSV chunks (papaparse's `results.data`, arrays of string fields, in file order) into
// numbered records: counts rows across chunks, takes the header from the first record, skips blank
// lines and refuses ragged rows. The profiler and the builder both read through it, so a row number
// in any message is the same one the user sees in the preview.

export interface CsvRecordOptions {
  fileName: string;
  /** The first non-blank record names the columns. */
  hasHeader: boolean;
}

const isBlank = (fields: string[]) => fields.length === 0 || (fields.length === 1 && fields[0].trim() === '');

/**
 * Column names from a header record: trimmed; an empty name becomes "column N" (pandas writes an
 * unnamed index column); a repeated name is an error, since roles are chosen by name.
 */
export function headerNames(fields: string[], fileName: string, row: number): string[] {
  const names = fields.map((f, j) => f.trim() || `column ${j + 1}`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ImportError({ file: fileName, row }, `column '${name}' appears twice in the header`);
    seen.add(name);
  }
  return names;
}

export class CsvRecords {
  /** Records seen so far, blank lines included (the number of the last record). */
  row = 0;
  /** Column names: from the header, or "column 1", "column 2", … */
  names: string[] | null = null;
  private readonly options: CsvRecordOptions;

  constructor(options: CsvRecordOptions) {
    this.options = options;
  }

  /** Calls `onRecord` for each data record of the chunk with its 1-based row number in the file. */
  feed(chunk: readonly string[][], onRecord: (fields: string[], row: number) => void): void {
    const { fileName, hasHeader } = this.options;
    for (const fields of chunk) {
      const row = ++this.row;
      if (isBlank(fields)) continue;
      if (this.names === null) {
        this.names = hasHeader ? headerNames(fields, fileName, row) : fields.map((_, j) => `column ${j + 1}`);
        if (hasHeader) continue;
      }
      if (fields.length !== this.names.length) {
        throw new ImportError(
          { file: fileName, row },
          `found ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${this.names.length} like ${hasHeader ? 'the header' : 'the first row'}`,
        );
      }
      onRecord(fields, row);
    }
  }

  /** The column names, or the empty-file error. */
  columnNames(): string[] {
    if (this.names === null) throw new ImportError({ file: this.options.fileName }, 'the file is empty');
    return this.names;
  }
}
