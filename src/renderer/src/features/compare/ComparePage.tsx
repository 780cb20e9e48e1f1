import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { smooth } from '../../charts/smooth';
import { navigate } from '../../app/routes';
import { useServices } from '../../app/services';
import type { RunRecord } from '../../db/database';
import { formatFigure, formatLoss } from '../../components/format';
import { isRegressionRun } from '../../components/run-task';
import { runLabels } from '../../components/run-labels';
import { RunsList } from '../../components/RunsList';
import { compareRoute } from '../../app/compare-route';
import { branchPoints } from './branches';
import type { ComparedRun } from './compared-run';
import { ComparisonChart, lineClass, type ComparisonLine } from './ComparisonChart';
import { GradientComparison } from './GradientComparison';
import { HyperparameterTable } from './HyperparameterTable';
import { GREYED, runColor } from './run-colors';
import { summarize, type MetricName, type Split } from './summaries';
import { SummaryTable } from './SummaryTable';

// Runs side by side, any number of them: loss, accuracy or R² and RMSE (smoothed if asked) and per-layer gradient
// norms overlaid by epoch or by time, every run in its own colour or only the best N coloured, the final, best and at-epoch
// numbers, and the settings that differ. Hovering a run in the legend or a table highlights its
// lines. Runs continued or forked from one another are drawn as branches: each line starts with the
// history it inherited, so they share the parent's curve up to their common epoch (marked) and
// diverge after it.

type Colouring = 'all' | '5' | '10' | '20';

// Redrawn only when its runs change, not when a run is hovered.
const GradientOverlay = memo(GradientComparison);

const formatPercent = (value: number) => `${Math.round(value * 100)}%`;
const formatEpoch = (x: number) => String(Math.round(x));
// Seconds with as many decimals as a short run needs.
const formatTime = (x: number) => `${Number(x.toPrecision(2))} s`;

function lines(compared: ComparedRun[], split: Split, metric: MetricName, byTime: boolean, smoothing: number): ComparisonLine[] {
  return compared.map(({ run, label, epochs, color, muted, branch }) => {
    const points = smooth(
      epochs.flatMap(({ epoch, event }) => {
        const y = event[split]?.[metric];
        return y === undefined ? [] : [{ x: byTime ? event.seconds : epoch, y, epoch }];
      }),
      smoothing,
    );
    const at = branch && points.find((point) => point.epoch === branch.epoch);
    return { key: run.id, label, color, muted, points, ...(at ? { marker: { x: at.x, y: at.y, label: `common epoch ${branch.epoch}` } } : {}) };
  });
}

/** Colours in the runs' order, or the best `count` by final loss (regression: RMSE) coloured (in rank order) and the rest grey. */
function colourRuns(found: Omit<ComparedRun, 'color' | 'muted'>[], split: Split, colouring: Colouring, regression: boolean): ComparedRun[] {
  if (colouring === 'all' || found.length <= Number(colouring)) return found.map((entry, i) => ({ ...entry, color: runColor(i), muted: false }));
  const finals = found.map(({ epochs }) => summarize(epochs.map((record) => record.event), split, regression ? 'rmse' : 'loss', 0).final);
  const ranked = found.map((_, i) => i).filter((i) => finals[i] !== undefined && Number.isFinite(finals[i]));
  ranked.sort((a, b) => finals[a]! - finals[b]!);
  const rank = new Map(ranked.slice(0, Number(colouring)).map((index, position) => [index, position]));
  return found.map((entry, i) => (rank.has(i) ? { ...entry, color: runColor(rank.get(i)!), muted: false } : { ...entry, color: GREYED, muted: true }));
}

export function ComparePage({ runIds }: { runIds: string[] }) {
  const { runs, experiments } = useServices();
  const [split, setSplit] = useState<Split>('validation');
  const [byTime, setByTime] = useState(false);
  const [atEpoch, setAtEpoch] = useState('');
  const [smoothing, setSmoothing] = useState(0);
  const [colouring, setColouring] = useState<Colouring | null>(null);
  const [hovered, setHovered] = useState<string | undefined>();
  const key = runIds.join(',');
  const found = useLiveQuery(async () => {
    const records = (await runs.getMany(runIds)).filter((run): run is RunRecord => run !== undefined);
    const names = new Map((await experiments.list()).map((record) => [record.id, record.name]));
    const labels = runLabels(records.map((run) => ({ base: (run.experimentId && names.get(run.experimentId)) || run.name, experiment: run.experiment, createdAt: run.createdAt })));
    const ids = records.map((run) => run.id);
    const histories = await runs.historiesOfMany(ids);
    const links = new Map((await runs.withAncestors(ids)).map((run) => [run.id, run]));
    const branches = branchPoints(ids, (id) => links.get(id));
    return records.map((run, i) => ({ run, label: labels[i], epochs: histories[i], branch: branches.get(run.id) }));
  }, [key]);
  const allRuns = useLiveQuery(() => (runIds.length < 2 ? runs.list() : Promise.resolve(undefined)), [runIds.length < 2]);

  const hasValidation = Boolean(found?.some(({ run }) => run.metrics?.validation));
  const shownSplit: Split = hasValidation ? split : 'train';
  // Beyond twenty runs the default is to colour the ten best: a hundred colours do not read apart.
  const shownColouring: Colouring = colouring ?? ((found?.length ?? 0) > 20 ? '10' : 'all');
  // Regression runs are compared by R² and RMSE in the targets' units in place of accuracy.
  const regression = Boolean(found?.length) && found!.every(({ run }) => isRegressionRun(run.experiment, [run.metrics?.train]));
  const compared = useMemo(() => (found ? colourRuns(found, shownSplit, shownColouring, regression) : undefined), [found, shownSplit, shownColouring, regression]);
  const lossLines = useMemo(() => (compared ? lines(compared, shownSplit, 'loss', byTime, smoothing) : []), [compared, shownSplit, byTime, smoothing]);
  const accuracyLines = useMemo(() => (compared ? lines(compared, shownSplit, regression ? 'r2' : 'accuracy', byTime, smoothing) : []), [compared, shownSplit, byTime, smoothing, regression]);
  const errorLines = useMemo(() => (compared && regression ? lines(compared, shownSplit, 'rmse', byTime, smoothing) : []), [compared, shownSplit, byTime, smoothing, regression]);
  const gradientRuns = useMemo(() => (compared ?? []).map(({ run, label, color, epochs }) => ({ key: run.id, label, color, events: epochs.map((record) => record.event) })), [compared]);

  // The charts are not redrawn on hover: the hovered run's lines get a class, the others fade.
  const charts = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = charts.current;
    if (!container) return;
    container.classList.toggle('has-highlight', hovered !== undefined);
    for (const element of container.querySelectorAll('.compare-line.hot')) element.classList.remove('hot');
    if (hovered) for (const element of container.querySelectorAll(`.${lineClass(hovered).split(' ')[1]}`)) element.classList.add('hot');
  }, [hovered, lossLines, accuracyLines, errorLines, gradientRuns]);
  const hover = useCallback((runId: string | undefined) => setHovered(runId), []);

  if (runIds.length < 2) {
    return (
      <section className="page" data-testid="compare-page">
        <header className="page-header">
          <h1>Compare</h1>
          <p className="muted">Tick two or more runs and press Compare.</p>
        </header>
        {allRuns && <RunsList runs={allRuns} />}
      </section>
    );
  }
  if (!compared) return null;
  const longest = Math.max(1, ...compared.map(({ run }) => run.epochsDone));
  const epoch = Number(atEpoch) >= 1 ? Math.floor(Number(atEpoch)) : longest;
  const xLabel = byTime ? 'time' : 'epoch';
  const formatX = byTime ? formatTime : formatEpoch;
  const coloured = compared.filter((entry) => !entry.muted).length;

  return (
    <section className="page compare-page" data-testid="compare-page" data-runs={compared.length}>
      <header className="page-header compare-header">
        <h1>Compare {compared.length} runs</h1>
        <div className="compare-controls">
          <label>
            Split
            <select data-testid="compare-split" value={shownSplit} onChange={(event) => setSplit(event.target.value as Split)} disabled={!hasValidation}>
              <option value="validation">validation</option>
              <option value="train">train</option>
            </select>
          </label>
          <label>
            X axis
            <select data-testid="compare-x" value={xLabel} onChange={(event) => setByTime(event.target.value === 'time')}>
              <option value="epoch">epoch</option>
              <option value="time">time</option>
            </select>
          </label>
          <label>
            Colour
            <select data-testid="compare-colouring" value={shownColouring} onChange={(event) => setColouring(event.target.value as Colouring)}>
              <option value="all">every run</option>
              {(['5', '10', '20'] as const).map((count) => (
                <option key={count} value={count}>
                  the best {count}, others grey
                </option>
              ))}
            </select>
          </label>
          <label>
            Smoothing {smoothing > 0 ? smoothing.toFixed(2) : 'off'}
            <input type="range" data-testid="compare-smoothing" min={0} max={0.95} step={0.05} value={smoothing} onChange={(event) => setSmoothing(Number(event.target.value))} />
          </label>
          <label>
            At epoch
            <input data-testid="compare-at-epoch" inputMode="numeric" placeholder={String(longest)} value={atEpoch} onChange={(event) => setAtEpoch(event.target.value)} />
          </label>
        </div>
      </header>
      {compared.length < runIds.length && <p className="muted">{runIds.length - compared.length} of the runs in this link no longer exist.</p>}
      <div className="panel">
        {coloured < compared.length && (
          <p className="muted" data-testid="compare-greyed">
            The {coloured} runs with the lowest final {shownSplit} {regression ? 'RMSE' : 'loss'} are coloured, the other {compared.length - coloured} grey; hover a run to find its line.
          </p>
        )}
        {compared.some((entry) => entry.branch) && (
          <p className="muted" data-testid="compare-branches">
            Some of these runs were forked or continued from one another: each line includes the history it inherited, so they share one curve up to their common epoch (○ on the line, and in the table) and diverge after it.
          </p>
        )}
        <ul className="compare-legend" data-testid="compare-legend">
          {compared.map(({ run, label, color, muted }) => (
            <li key={run.id} className={[muted ? 'muted-run' : '', hovered === run.id ? 'hot' : ''].join(' ').trim() || undefined} data-testid="legend-entry" data-run-id={run.id} onMouseEnter={() => hover(run.id)} onMouseLeave={() => hover(undefined)}>
              <span className="swatch" style={{ background: color }} />
              {label}
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${label} from the comparison`}
                onClick={() => navigate(compareRoute(runIds.filter((id) => id !== run.id)))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <div className="charts" ref={charts} data-testid="compare-charts">
          <ComparisonChart title={`Loss (${shownSplit})`} testId="compare-loss-chart" lines={lossLines} xLabel={xLabel} formatX={formatX} formatValue={formatLoss} higherIsBetter={false} />
          {regression ? (
            <>
              <ComparisonChart title={`R² (${shownSplit})`} testId="compare-r2-chart" lines={accuracyLines} xLabel={xLabel} formatX={formatX} formatValue={formatFigure} higherIsBetter />
              <ComparisonChart title={`RMSE (${shownSplit}, target units)`} testId="compare-rmse-chart" lines={errorLines} xLabel={xLabel} formatX={formatX} formatValue={formatFigure} higherIsBetter={false} />
            </>
          ) : (
            <ComparisonChart
              title={`Accuracy (${shownSplit})`}
              testId="compare-accuracy-chart"
              lines={accuracyLines}
              xLabel={xLabel}
              formatX={formatX}
              formatValue={formatPercent}
              higherIsBetter
              yDomain={[0, 1]}
            />
          )}
          <GradientOverlay runs={gradientRuns} byTime={byTime} xLabel={xLabel} formatX={formatX} />
        </div>
        <SummaryTable compared={compared} split={shownSplit} atEpoch={epoch} regression={regression} hovered={hovered} onHover={hover} />
      </div>
      <HyperparameterTable compared={compared} hovered={hovered} onHover={hover} />
    </section>
  );
}
