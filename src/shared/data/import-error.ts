// The error every importer throws for bad input. The message is complete on its own ("iris.csv row
// 812, column 'age': expected a number, found 'abc'"); the fields let a UI point at the place
// (scroll the preview to the row, highlight the column) without parsing the message.

export interface ImportErrorPlace {
  file: string;
  /** 1-based record number in the file; the header, when there is one, is row 1. */
  row?: number;
  column?: string;
}

export class ImportError extends Error {
  readonly file: string;
  readonly row?: number;
  readonly column?: string;
  /** The message without its place, for an error that adds to it. */
  readonly problem: string;

  constructor(place: ImportErrorPlace, problem: string) {
    super(`${where(place)}${problem}`);
    this.name = 'ImportError';
    this.problem = problem;
    this.file = place.file;
    this.row = place.row;
    this.column = place.column;
  }
}

function where({ file, row, column }: ImportErrorPlace): string {
  if (row !== undefined && column !== undefined) return `${file} row ${row}, column '${column}': `;
  if (row !== undefined) return `${file} row ${row}: `;
  if (column !== undefined) return `${file}, column '${column}': `;
  return `${file}: `;
}
