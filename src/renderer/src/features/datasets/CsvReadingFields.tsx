import type { CsvSniff } from '../../../../shared/data/csv-sniff';
import type { DecimalMark, ThousandsSeparator } from '../../../../shared/data/csv-values';
import type { CsvReadingChoices } from '../../../../shared/data/import-csv';

// How the file is read, as detected and overridable: header row and number format. Every change
// reads the file again (the columns and their profile depend on it).

/** Number formats in the words (and with the example) the wizard shows. */
export const NUMBER_FORMATS: { decimal: DecimalMark; thousands: ThousandsSeparator; label: string }[] = [
  { decimal: '.', thousands: '', label: '1234.5 (decimal point)' },
  { decimal: '.', thousands: ',', label: '1,234.5' },
  { decimal: '.', thousands: ' ', label: '1 234.5' },
  { decimal: '.', thousands: "'", label: "1'234.5" },
  { decimal: ',', thousands: '', label: '1234,5 (decimal comma)' },
  { decimal: ',', thousands: '.', label: '1.234,5' },
  { decimal: ',', thousands: ' ', label: '1 234,5' },
];

export const formatValue = (f: { decimal: DecimalMark; thousands: ThousandsSeparator }) => `${f.decimal}${f.thousands}`;

export function CsvReadingFields({ sniff, onChange }: { sniff: CsvSniff; onChange(choices: CsvReadingChoices): void }) {
  return (
    <div className="wizard-options reading-options">
      <label className="checkbox">
        <input type="checkbox" data-testid="csv-has-header" checked={sniff.hasHeader} onChange={(e) => onChange({ hasHeader: e.target.checked })} />
        The first row holds the column names
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
    </div>
  );
}
