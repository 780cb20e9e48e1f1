import type { CsvInference, CsvProfile } from '../../../../shared/data/column-inference';
import { MISSING_POLICIES, type ImportColumn, type ImportPlan, type MissingPolicy } from '../../../../shared/data/import-plan';
import { VirtualRows } from '../../components/VirtualRows';
import { MISSING_LABELS } from './missing-labels';

// One row per column of the file: what was found in it (numbers, texts, missing or unreadable
// values with the first place they occur) and the user's choices: type, role, and for a column
// with missing values its own policy. Only the rows in view are rendered (a file of 10,000 columns
// froze the page for seconds when every row was), and long names are cut with their full text
// in the tooltip.

export interface ColumnEdits {
  /** `alsoTarget`: one more target of a multi-output regression, keeping the others. */
  role(j: number, role: ImportColumn['role'], alsoTarget?: boolean): void;
  type(j: number, type: ImportColumn['type']): void;
  missing(j: number, missing: MissingPolicy | undefined): void;
}

/** The role option that adds a target of a multi-output regression instead of replacing the target. */
const ALSO_TARGET = 'also-target';

const compact = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(4))));

function found(profile: CsvProfile, inference: CsvInference, j: number): string {
  const column = profile.columns[j];
  const inferred = inference.columns[j];
  if (inferred.type === 'numeric' && column.numeric > 0) return `${compact(column.min)} … ${compact(column.max)}`;
  return inferred.distinct === null ? 'over 1000 distinct' : `${inferred.distinct} distinct`;
}

function missingText(profile: CsvProfile, inference: CsvInference, j: number): string {
  const { missing, invalid } = inference.columns[j];
  if (missing === 0) return '—';
  const column = profile.columns[j];
  const first = invalid > 0 ? column.firstText : column.firstMissing;
  const parts = [invalid > 0 ? `${missing - invalid} missing, ${invalid} not numbers` : `${missing} missing`];
  if (first) parts.push(`first: row ${first.row} '${first.value}'`);
  return parts.join(' · ');
}

interface Props {
  plan: ImportPlan;
  profile: CsvProfile;
  inference: CsvInference;
  /** The column the last build stopped at, marked so the user sees where to act. */
  errorColumn?: string;
  edit: ColumnEdits;
}

/** Rows stay one height so only the rows in view are rendered: 10,000 columns scroll like ten. */
const ROW_HEIGHT = 46;
const MAX_HEIGHT = 340;
const TEMPLATE = 'minmax(180px, 2fr) 118px 118px minmax(110px, 1.2fr) minmax(160px, 2fr) 200px';

export function CsvColumnsEditor({ plan, profile, inference, errorColumn, edit }: Props) {
  const header = (
    <div role="row" className="columns-editor-row columns-editor-head" style={{ gridTemplateColumns: TEMPLATE }}>
      {['Column', 'Type', 'Role', 'Values', 'Missing or bad', 'If missing'].map((title) => (
        <div key={title} role="columnheader">
          {title}
        </div>
      ))}
    </div>
  );
  return (
    <div className="columns-editor" role="table">
      <VirtualRows
        count={plan.columns.length}
        rowHeight={ROW_HEIGHT}
        height={Math.min(MAX_HEIGHT, ROW_HEIGHT * (plan.columns.length + 1) + 2)}
        width="100%"
        header={header}
        testId="csv-columns"
        renderRow={(j, style) => {
          const column = plan.columns[j];
          const missing = inference.columns[j].missing;
          return (
            <div
              key={j}
              role="row"
              style={{ ...style, gridTemplateColumns: TEMPLATE }}
              data-testid={`column-${column.name}`}
              className={`columns-editor-row role-${column.role}${column.name === errorColumn ? ' has-error' : ''}`}
            >
              <div role="rowheader" className="column-name" title={`${column.name}: ${inference.columns[j].reason}`}>
                <span className="truncated">{column.name}</span>
                <span className="muted column-reason truncated">{inference.columns[j].reason}</span>
              </div>
              <div role="cell">
                <select aria-label={`Type of ${column.name}`} data-testid={`column-type-${column.name}`} value={column.type} onChange={(e) => edit.type(j, e.target.value as ImportColumn['type'])}>
                  <option value="numeric">number</option>
                  <option value="categorical">category</option>
                </select>
              </div>
              <div role="cell">
                <select
                  aria-label={`Role of ${column.name}`}
                  data-testid={`column-role-${column.name}`}
                  value={column.role}
                  onChange={(e) => (e.target.value === ALSO_TARGET ? edit.role(j, 'target', true) : edit.role(j, e.target.value as ImportColumn['role']))}
                >
                  <option value="feature">feature</option>
                  <option value="target">target</option>
                  {column.role !== 'target' && column.type === 'numeric' && plan.task === 'regression' && <option value={ALSO_TARGET}>another target</option>}
                  <option value="ignore">ignore</option>
                </select>
              </div>
              <div role="cell" className="muted truncated">
                {found(profile, inference, j)}
              </div>
              <div role="cell" className={`truncated ${missing > 0 ? 'warning' : 'muted'}`} data-testid={`column-missing-${column.name}`} data-count={missing} title={missingText(profile, inference, j)}>
                {missingText(profile, inference, j)}
              </div>
              <div role="cell">
                {missing > 0 && column.role !== 'ignore' && (
                  <select
                    aria-label={`Missing values of ${column.name}`}
                    value={column.missing ?? ''}
                    onChange={(e) => edit.missing(j, (e.target.value || undefined) as MissingPolicy | undefined)}
                  >
                    <option value="">as for all columns</option>
                    {MISSING_POLICIES.map((policy) => (
                      <option key={policy} value={policy}>
                        {MISSING_LABELS[policy]}
                      </option>
                    ))}
                  </select>
                )}
              </div>
            </div>
          );
        }}
      />
    </div>
  );
}
