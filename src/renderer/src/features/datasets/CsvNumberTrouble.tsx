import type { CsvProfile } from '../../../../shared/data/column-inference';
import type { NumberFormat } from '../../../../shared/data/csv-values';
import type { ImportPlan } from '../../../../shared/data/import-plan';
import { describeTrouble, proposedFormat } from '../../../../shared/data/number-trouble';
import { NUMBER_FORMATS, formatValue } from './CsvReadingFields';

// Columns whose cells look numeric but are not read as numbers (another number format,
// hexadecimal, beyond float64; beyond float32 when the plan stores float32), said before anything
// is built, with a button that reads the file again in the format that would read them.

export function CsvNumberTrouble({ profile, plan, onFormat }: { profile: CsvProfile; plan: ImportPlan; onFormat(format: NumberFormat): void }) {
  const columns = profile.columns.filter((_, j) => plan.columns[j].role !== 'ignore');
  const lines = columns.flatMap((c) => [...c.trouble, ...(plan.precision === 'float32' ? c.trouble32 : [])].map((t) => describeTrouble(c.name, t)));
  const proposal = proposedFormat(columns.flatMap((c) => c.trouble));
  if (lines.length === 0 && plan.precision === 'float32') return null;
  const float32 = profile.columns.find((c) => c.trouble32.length > 0);
  return (
    <div className="number-trouble warning" role="status" data-testid="csv-number-trouble">
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {plan.precision === 'float64' && float32 && (
        <p>
          Stored as float64: {describeTrouble(float32.name, float32.trouble32[0]).replace(/: store the dataset as float64.*$/, '')}.
        </p>
      )}
      {proposal && (
        <button type="button" data-testid="csv-use-proposed-format" onClick={() => onFormat(proposal)}>
          Read numbers as {NUMBER_FORMATS.find((f) => formatValue(f) === formatValue(proposal))?.label ?? formatValue(proposal)}
        </button>
      )}
    </div>
  );
}
