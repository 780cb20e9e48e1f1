import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../../src/shared/data/import-error';

describe('ImportError', () => {
  it('names the place in its message and keeps each part for a UI to point at', () => {
    const cases: [ConstructorParameters<typeof ImportError>[0], string][] = [
      [{ file: 'f.csv', row: 3, column: 'age' }, "f.csv row 3, column 'age': bad"],
      [{ file: 'f.csv', row: 3 }, 'f.csv row 3: bad'],
      [{ file: 'f.csv', column: 'age' }, "f.csv, column 'age': bad"],
      [{ file: 'f.csv' }, 'f.csv: bad'],
    ];
    for (const [place, message] of cases) {
      const error = new ImportError(place, 'bad');
      expect(error).toBeInstanceOf(Error);
      expect({ name: error.name, message: error.message, problem: error.problem, file: error.file, row: error.row, column: error.column }).toEqual({
        name: 'ImportError',
        message,
        problem: 'bad',
        file: 'f.csv',
        row: place.row,
        column: place.column,
      });
    }
  });
});
