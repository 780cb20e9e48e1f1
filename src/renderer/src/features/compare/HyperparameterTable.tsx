import { useMemo, useState } from 'react';
import { settingLabel } from '../../components/run-labels';
import type { ComparedRun } from './compared-run';
import { hyperparameterRows } from '../../components/hyperparameters';

// The settings of compared runs, a row per run and a column per setting, so a hundred runs read
// down the page instead of thousands of pixels across; the run's name stays in view while the
// columns scroll. By default only the settings that differ are shown.

export function HyperparameterTable({ compared, hovered, onHover }: { compared: ComparedRun[]; hovered?: string; onHover: (runId: string | undefined) => void }) {
  const [diffOnly, setDiffOnly] = useState(true);
  const settings = useMemo(() => hyperparameterRows(compared.map(({ run }) => run.experiment)), [compared]);
  const shown = diffOnly ? settings.filter((setting) => setting.differs) : settings;
  return (
    <section className="panel">
      <header className="list-header">
        <h2>Hyperparameters</h2>
        <label className="checkbox">
          <input type="checkbox" data-testid="diff-only" checked={diffOnly} onChange={(event) => setDiffOnly(event.target.checked)} />
          only the {settings.filter((setting) => setting.differs).length} that differ (of {settings.length})
        </label>
      </header>
      {shown.length === 0 ? (
        <p className="muted">These runs were trained with identical settings.</p>
      ) : (
        <div className="compare-scroll compare-table-box">
          <table className="compare-table hyperparameter-table" data-testid="hyperparameter-table" data-columns={shown.length}>
            <thead>
              <tr>
                <th className="sticky-column">Run</th>
                {shown.map((setting) => (
                  <th key={setting.path} title={setting.path} data-testid="hp-column" data-path={setting.path} className={setting.differs ? 'differs' : undefined}>
                    {settingLabel(setting.path)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {compared.map(({ run, label, color }, r) => (
                <tr key={run.id} data-testid="hp-row" data-run-id={run.id} className={hovered === run.id ? 'hot' : undefined} onMouseEnter={() => onHover(run.id)} onMouseLeave={() => onHover(undefined)}>
                  <td className="sticky-column" title={label}>
                    <span className="swatch" style={{ background: color }} />
                    {label}
                  </td>
                  {shown.map((setting) => (
                    <td key={setting.path}>{setting.values[r]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
