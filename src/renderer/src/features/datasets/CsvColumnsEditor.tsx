import type { CsvInference, CsvProfile } from '../../../../shared/data/column-inference';
import { MISSING_POLICIES, type ImportColumn, type ImportPlan, type MissingPolicy } from '../../../../shared/data/import-plan';
import { MISSING_LABELS } from './missing-labels';

// One row per column of the file: what was found in it (numbers, texts, missing or unreadable
// values with the first place they occur) and the user's choices: type, role, and for a column
// with missing values its own policy.

export interface ColumnEdits {
  role(j: number, role: ImportColumn['role']): void;
  type(j: number, type: ImportColumn['type']): void;
  missing(j: number, missing: MissingPolicy | undefined): void;
}

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

export function CsvColumnsEditor({ plan, profile, inference, errorColumn, edit }: Props) {
  return (
    <div className="table-scroll">
      <table className="data-table columns-editor" data-testid="csv-columns">
        <thead>
          <tr>
            <th>Column</th>
            <th>Type</th>
            <th>Role</th>
            <th>Values</th>
            <th>Missing or bad</th>
            <th>If missing</th>
          </tr>
        </thead>
        <tbody>
          {plan.columns.map((column, j) => {
            const missing = inference.columns[j].missing;
            return (
              <tr key={column.name} data-testid={`column-${column.name}`} className={`role-${column.role}${column.name === errorColumn ? ' has-error' : ''}`}>
                <th scope="row" title={inference.columns[j].reason}>
                  {column.name}
                  <span className="muted column-reason">{inference.columns[j].reason}</span>
                </th>
                <td>
                  <select aria-label={`Type of ${column.name}`} data-testid={`column-type-${column.name}`} value={column.type} onChange={(e) => edit.type(j, e.target.value as ImportColumn['type'])}>
                    <option value="numeric">number</option>
                    <option value="categorical">category</option>
                  </select>
                </td>
                <td>
                  <select aria-label={`Role of ${column.name}`} data-testid={`column-role-${column.name}`} value={column.role} onChange={(e) => edit.role(j, e.target.value as ImportColumn['role'])}>
                    <option value="feature">feature</option>
                    <option value="target">target</option>
                    <option value="ignore">ignore</option>
                  </select>
                </td>
                <td className="muted">{found(profile, inference, j)}</td>
                <td className={missing > 0 ? 'warning' : 'muted'} data-testid={`column-missing-${column.name}`} data-count={missing}>
                  {missingText(profile, inference, j)}
                </td>
                <td>
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
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
