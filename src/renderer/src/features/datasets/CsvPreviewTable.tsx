// The first rows of the file as parsed, so the user sees whether the delimiter and the header guess
// are right before choosing anything else.

const SHOWN_ROWS = 8;

export function CsvPreviewTable({ rows, hasHeader, columns }: { rows: string[][]; hasHeader: boolean; columns: string[] }) {
  const body = (hasHeader ? rows.slice(1) : rows).slice(0, SHOWN_ROWS);
  return (
    <div className="table-scroll">
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
