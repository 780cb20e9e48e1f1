// The first rows of the file as parsed, so the user sees whether the delimiter and the header guess
// are right before choosing anything else; the lines skipped before the data are shown above it,
// as text, so a wrong guess is seen too.

const SHOWN_ROWS = 8;

const SHOWN_SKIPPED = 5;
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
            {columns.map((name) => (
              <th key={name}>{name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {body.map((row, i) => (
            <tr key={i}>
              {columns.map((_, j) => (
                <td key={j}>{row[j] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
