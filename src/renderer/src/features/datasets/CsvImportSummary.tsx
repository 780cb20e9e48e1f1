import type { ImportReport } from '../../../../shared/data/dataset-builder';
import { describeTrouble } from '../../../../shared/data/number-trouble';

// What the import will store, before it is stored: rows kept, every dropped row accounted for by
// column and reason, every filled value, the classes and the split. Also shown for a stored dataset.

/** A class name as a list shows it: a 1 MB label is cut, not rendered whole. */
const shortLabel = (name: string) => (name.length > 60 ? `${name.slice(0, 60)}…` : name);

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export function CsvImportSummary({ report }: { report: ImportReport }) {
  const { rowsRead, rowsKept, rowsDropped, dropped, filled, numberTrouble = [], features, classCounts, split, normalization } = report;
  return (
    <div className="import-summary" data-testid="csv-summary">
      <p data-testid="summary-rows">
        <strong>{plural(rowsKept, 'row')} kept</strong> of {rowsRead.toLocaleString('en-US')} read
        {rowsDropped > 0 ? `; ${plural(rowsDropped, 'row')} dropped` : '; none dropped'} · {plural(features, 'feature')}
      </p>
      {dropped.length > 0 && (
        <ul className="summary-list" data-testid="summary-dropped">
          {dropped.map((d) => (
            <li key={d.column}>
              Column '{d.column}': {[d.missing > 0 && `${d.missing} missing`, d.invalid > 0 && `${d.invalid} unreadable`].filter(Boolean).join(', ')} (first at
              row {d.firstRow})
            </li>
          ))}
        </ul>
      )}
      {numberTrouble.length > 0 && (
        <ul className="summary-list warning" data-testid="summary-number-trouble">
          {numberTrouble.map((t) => (
            <li key={`${t.column} ${t.kind}`}>{describeTrouble(t.column, t)}</li>
          ))}
        </ul>
      )}
      {filled.length > 0 && (
        <ul className="summary-list" data-testid="summary-filled">
          {filled.map((f) => (
            <li key={f.column}>
              Column '{f.column}': {plural(f.count, 'value')} filled with {f.value}
            </li>
          ))}
        </ul>
      )}
      {classCounts && (
        <p className="muted" data-testid="summary-classes">
          Classes: {classCounts.map((c) => `${shortLabel(c.name)} (${c.rows.toLocaleString('en-US')})`).join(', ')}
        </p>
      )}
      <p className="muted" data-testid="summary-split">
        Split: {split.train.toLocaleString('en-US')} train · {split.validation.toLocaleString('en-US')} validation · {split.test.toLocaleString('en-US')} test ·
        normalization {normalization === 'none' ? 'none' : `${normalization} (fitted on the training rows)`}
      </p>
    </div>
  );
}
