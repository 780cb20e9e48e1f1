import { useEffect, useState } from 'react';
import { CSV_DELIMITERS, CSV_ENCODINGS, type CsvDelimiter, type CsvEncoding, type CsvSniff } from '../../../../shared/data/csv-sniff';
import type { DecimalMark, ThousandsSeparator } from '../../../../shared/data/csv-values';
import type { CsvReadingChoices } from '../../../../shared/data/import-csv';

// How the file is read, as detected and overridable: encoding, delimiter, lines to skip before the
// data, header row and number format. Every change reads the file again (the columns and their
// profile depend on it).

/** Number formats in the words (and with the example) the wizard shows. */
export const NUMBER_FORMATS: { decimal: DecimalMark; thousands: ThousandsSeparator; label: string }[] = [
  { decimal: '.', thousands: '', label: '1234.5' },
  { decimal: '.', thousands: ',', label: '1,234.5' },
  { decimal: '.', thousands: ' ', label: '1 234.5' },
  { decimal: '.', thousands: "'", label: "1'234.5" },
  { decimal: ',', thousands: '', label: '1234,5' },
  { decimal: ',', thousands: '.', label: '1.234,5' },
  { decimal: ',', thousands: ' ', label: '1 234,5' },
];

export const formatValue = (f: { decimal: DecimalMark; thousands: ThousandsSeparator }) => `${f.decimal}${f.thousands}`;

const DELIMITER_LABELS: Record<CsvDelimiter, string> = {
  ',': 'comma ,',
  ';': 'semicolon ;',
  '\t': 'tab',
  '|': 'pipe |',
  whitespace: 'spaces or tabs (runs)',
};

const ENCODING_LABELS: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252 (Western European)',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
};

/** The encoding as the wizard shows it. */
export const encodingLabel = (sniff: Pick<CsvSniff, 'encoding' | 'bom'>) => `${ENCODING_LABELS[sniff.encoding]}${sniff.bom ? ' with BOM' : ''}`;

/** What the fields show: the reading as detected with the user's choices in place. */
export type CsvReading = Pick<CsvSniff, 'encoding' | 'bom' | 'delimiter' | 'skipLines' | 'hasHeader' | 'decimal' | 'thousands'>;

/** Shown when a file could not be read far enough to detect anything (binary data, say). */
export const DEFAULT_READING: CsvReading = { encoding: 'utf-8', bom: false, delimiter: ',', skipLines: 0, hasHeader: true, decimal: '.', thousands: '' };

export function CsvReadingFields({ sniff, onChange }: { sniff: CsvReading; onChange(choices: CsvReadingChoices): void }) {
  // Typed digit by digit; read again only when the field is left or Enter is pressed.
  const [skip, setSkip] = useState(String(sniff.skipLines));
  useEffect(() => setSkip(String(sniff.skipLines)), [sniff.skipLines]);
  const commitSkip = () => {
    const lines = Number(skip);
    if (Number.isInteger(lines) && lines >= 0 && lines !== sniff.skipLines) onChange({ skipLines: lines });
    else setSkip(String(sniff.skipLines));
  };
  return (
    <div className="wizard-options reading-options">
      <label>
        Encoding
        <select data-testid="csv-encoding" value={sniff.encoding} onChange={(e) => onChange({ encoding: e.target.value as CsvEncoding })}>
          {CSV_ENCODINGS.map((encoding) => (
            <option key={encoding} value={encoding}>
              {ENCODING_LABELS[encoding]}
              {encoding === sniff.encoding && sniff.bom ? ' with BOM' : ''}
            </option>
          ))}
        </select>
      </label>
      <label>
        Separated by
        <select data-testid="csv-delimiter" value={sniff.delimiter} onChange={(e) => onChange({ delimiter: e.target.value as CsvDelimiter })}>
          {CSV_DELIMITERS.map((delimiter) => (
            <option key={delimiter} value={delimiter}>
              {DELIMITER_LABELS[delimiter]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Skip lines before the data
        <input
          type="number"
          min={0}
          step={1}
          data-testid="csv-skip-lines"
          value={skip}
          onChange={(e) => setSkip(e.target.value)}
          onBlur={commitSkip}
          onKeyDown={(e) => e.key === 'Enter' && commitSkip()}
        />
      </label>
      <label>
        Numbers
        <select
          data-testid="csv-number-format"
          value={formatValue(sniff)}
          onChange={(e) => {
            const format = NUMBER_FORMATS.find((f) => formatValue(f) === e.target.value)!;
            onChange({ decimal: format.decimal, thousands: format.thousands });
          }}
        >
          {NUMBER_FORMATS.map((f) => (
            <option key={formatValue(f)} value={formatValue(f)}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" data-testid="csv-has-header" checked={sniff.hasHeader} onChange={(e) => onChange({ hasHeader: e.target.checked })} />
        The first row {sniff.skipLines > 0 ? `after the skipped line${sniff.skipLines === 1 ? '' : 's'} ` : ''}holds the column names
      </label>
    </div>
  );
}
