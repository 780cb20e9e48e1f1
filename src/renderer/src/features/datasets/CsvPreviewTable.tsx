// The first rows of the file as parsed, so the user sees whether the delimiter and the header guess
// are right before choosing anything else; the lines skipped before the data are shown above it,
// as text, so a wrong guess is seen too.

const SHOWN_ROWS = 8;

const SHOWN_SKIPPED = 5;
/** Columns shown: a preview of 10,000 columns would be 80,000 cells nobody reads. */
const SHOWN_COLUMNS = 60;
const MAX_LINE = 200;

interface Props {
  rows: string[][];
  /** Lines left out before the data. */
  skipped: string[];
  hasHeader: boolean;
  columns: string[];
}

export function CsvPreviewTable({ rows, skipped, hasHeader, columns }: Props) {
  const body = (hasHeader ? rows.slice(1) : rows).slice(0, SHOWN_ROWS);
  const shown = columns.slice(0, SHOWN_COLUMNS);
  const hidden = columns.length - shown.length;
  return (
    <div className="table-scroll">
      {skipped.length > 0 && (
        <ol className="skipped-lines muted" data-testid="csv-skipped">
          {skipped.slice(0, SHOWN_SKIPPED).map((line, i) => (
            <li key={i}>
              skipped line {i + 1}: <code>{line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line}</code>
            </li>
          ))}
          {skipped.length > SHOWN_SKIPPED && <li>… {skipped.length - SHOWN_SKIPPED} more</li>}
        </ol>
      )}
      <table className="data-table csv-preview" data-testid="csv-preview">
        <thead>
          <tr>
            {shown.map((name) => (
              <th key={name} title={name}>
                {name}
              </th>
            ))}
            {hidden > 0 && <th className="muted">… {hidden.toLocaleString('en-US')} more columns</th>}
          </tr>
        </thead>
        <tbody>
          {body.map((row, i) => (
            <tr key={i}>
              {shown.map((_, j) => (
                <td key={j}>{row[j] ?? ''}</td>
              ))}
              {hidden > 0 && <td />}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
