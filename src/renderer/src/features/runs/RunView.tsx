import { useLiveQuery } from 'dexie-react-hooks';
import { usePolledQuery } from '../../db/use-polled-query';
import { useMemo } from 'react';
import { describeForkChanges } from '../../../../shared/engine/fork';
import type { Experiment } from '../../../../shared/schema/experiment';
import type { Dataset } from '../../../../shared/data/dataset';
import { NORMALIZED } from '../../../../shared/data/normalize';
import type { SplitMetrics } from '../../../../shared/schema/progress';
import { routeHref } from '../../app/routes';
import { useServices } from '../../app/services';
import { MetricChart, type EpochRow, type Series } from '../../charts/MetricChart';
import { RunPredictions } from '../predictions/RunPredictions';
import type { EpochRecord, RunRecord, RunWeightsRecord } from '../../db/database';
import { layersLabel, LOSS_LABELS } from '../../components/describe-experiment';
import { formatAccuracy, formatEta, formatFigure, formatLoss, formatSeconds, isActive } from '../../components/format';
import { isRegressionRun } from '../../components/run-task';
import { NetworkHealth } from './NetworkHealth';
import { RunActions } from './RunActions';
import { RunAnnotations } from './RunAnnotations';
import { evaluateWeights, evaluationRows } from './run-evaluation';
import { RunEvaluation } from './RunEvaluation';
import { StatusBadge } from '../../components/StatusBadge';
import { useDataset } from '../datasets/use-dataset';

// One run, live: status and progress, the latest metrics, loss and accuracy (regression: R², RMSE
// and MAE in the targets' units) curves for the training and validation splits, and the
// configuration it was trained with. Everything is read
// from the database, which the run's recorder fills as epochs finish.

const TRAIN_COLOR = '#2f6fde';
const VALIDATION_COLOR = '#e8743b';

/**
 * A run's two curves of one metric. The training curve says how it was measured: "running" is the
 * mean over each epoch's steps, each batch before its update (a curve that lags the weights and,
 * with dropout, sees the dropped-out network), so its label says so; runs recorded before the
 * choice existed were all evaluated in full. `suffix` names the metric when a chart has several.
 */
function seriesOf(metric: 'Loss' | 'Accuracy' | 'R2' | 'Rmse' | 'Mae', running: boolean, suffix = '', colors = [TRAIN_COLOR, VALIDATION_COLOR]): Series[] {
  return [
    { key: `train${metric}`, label: `train${suffix}${running ? ' (running mean over each epoch)' : ''}`, color: colors[0] },
    { key: `validation${metric}`, label: `validation${suffix}`, color: colors[1] },
  ];
}

function chartRows(epochs: EpochRecord[]): EpochRow[] {
  return epochs.map(({ epoch, event }) => ({
    epoch,
    trainLoss: event.train.loss,
    validationLoss: event.validation?.loss,
    trainAccuracy: event.train.accuracy,
    validationAccuracy: event.validation?.accuracy,
    trainR2: event.train.r2,
    validationR2: event.validation?.r2,
    trainRmse: event.train.rmse,
    validationRmse: event.validation?.rmse,
    trainMae: event.train.mae,
    validationMae: event.validation?.mae,
  }));
}

/** R² as charts show it: two decimals (it is 1 for a perfect fit and has no lower bound). */
const formatR2 = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : String(value));

function Metric({ label, value, testId, format }: { label: string; value: number | undefined; testId: string; format: (v: number) => string }) {
  if (value === undefined) return null;
  return (
    <div className="metric" data-testid={testId} data-value={value}>
      <span className="metric-label">{label}</span>
      <span className="metric-value">{format(value)}</span>
    </div>
  );
}

function MetricsRow({ train, validation, running }: { train?: SplitMetrics; validation?: SplitMetrics; running: boolean }) {
  const trainLabel = running ? 'Train (running)' : 'Train';
  return (
    <div className="metrics">
      <Metric label={`${trainLabel} loss`} value={train?.loss} testId="metric-train-loss" format={formatLoss} />
      <Metric label="Validation loss" value={validation?.loss} testId="metric-validation-loss" format={formatLoss} />
      <Metric label={`${trainLabel} accuracy`} value={train?.accuracy} testId="metric-train-accuracy" format={formatAccuracy} />
      <Metric label="Validation accuracy" value={validation?.accuracy} testId="metric-validation-accuracy" format={formatAccuracy} />
      <Metric label={`${trainLabel} R²`} value={train?.r2} testId="metric-train-r2" format={formatFigure} />
      <Metric label="Validation R²" value={validation?.r2} testId="metric-validation-r2" format={formatFigure} />
      <Metric label={`${trainLabel} RMSE`} value={train?.rmse} testId="metric-train-rmse" format={formatFigure} />
      <Metric label="Validation RMSE" value={validation?.rmse} testId="metric-validation-rmse" format={formatFigure} />
      <Metric label={`${trainLabel} MAE`} value={train?.mae} testId="metric-train-mae" format={formatFigure} />
      <Metric label="Validation MAE" value={validation?.mae} testId="metric-validation-mae" format={formatFigure} />
    </div>
  );
}

/** "continued from X at its checkpoint of epoch N", or for a fork "forked from X at epoch N (changed: …)". */
function Lineage({ run, parentId }: { run: RunRecord; parentId: string }) {
  const { runs } = useServices();
  // null while loading; undefined once the parent is known to be deleted.
  const parent = useLiveQuery(() => runs.get(parentId), [parentId], null);
  const link = (
    <a data-testid="continued-from" href={routeHref({ page: 'runs', id: parentId })}>
      {parent ? parent.name : parent === undefined ? 'a deleted run' : 'an earlier run'}
    </a>
  );
  if (run.forkChanges) {
    return (
      <p className="muted run-lineage" data-testid="forked-from">
        Forked from {link} at epoch {run.resumedFromEpoch} (changed: {describeForkChanges(run.forkChanges)})
      </p>
    );
  }
  return (
    <p className="muted run-lineage">
      Continued from {link}
      {run.resumedFromEpoch !== undefined && ` at its checkpoint of epoch ${run.resumedFromEpoch}`}
    </p>
  );
}

interface ConfigSummaryProps {
  experiment: Experiment;
  datasetName: string;
  /** How the inputs were normalized, when they were. */
  inputs?: string;
  targetScaling?: string;
}

/** `targetScaling`: a regression's, as its weights record it (runs from before scaling have none), else as asked. */
function ConfigSummary({ experiment, datasetName, inputs, targetScaling }: ConfigSummaryProps) {
  const { training, model, dataset } = experiment;
  const samples = 'synthetic' in dataset && dataset.samples ? `, ${dataset.samples} samples` : '';
  const items: [string, string][] = [
    ['Dataset', `${datasetName}${samples}`],
    ...(inputs ? [['Inputs', inputs] as [string, string]] : []),
    ['Layers', layersLabel(experiment)],
    ['Loss', LOSS_LABELS[model.loss]],
    ['Optimizer', `${training.optimizer.name}, learning rate ${training.optimizer.learningRate}`],
    ['Batch', String(training.batchSize)],
    ['Validation', `${Math.round(training.validationSplit * 100)} %`],
    ['Seed', String(training.seed)],
  ];
  // The settings that differ from the defaults, so a run's page says everything it was trained with.
  const init = typeof model.init === 'string' ? model.init : JSON.stringify(model.init);
  if (init !== 'heNormal') items.push(['Init', init]);
  if (training.schedule.name !== 'constant') items.push(['Schedule', JSON.stringify(training.schedule)]);
  if (training.l2 > 0) items.push(['L2', String(training.l2)]);
  if (training.clipNorm !== undefined) items.push(['Clip norm', String(training.clipNorm)]);
  const dropout = model.layers.map((layer) => layer.dropout ?? 0);
  if (dropout.some((rate) => rate > 0)) items.push(['Dropout', dropout.join(' / ')]);
  if (training.earlyStopping) items.push(['Early stopping', `patience ${training.earlyStopping.patience}`]);
  if (training.dtype !== 'float64') items.push(['Numbers', training.dtype]);
  if (training.trainMetrics === 'full') items.push(['Training metrics', 'full evaluation after each epoch']);
  if (targetScaling) items.push(['Targets scaled', targetScaling]);
  return (
    <dl className="config" data-testid="run-config">
      {items.map(([term, description]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{description}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The run's dataset, and the look into the network to draw: the latest one the engine sent, or
 * (for runs trained before the engine sent any) one computed from the final weights.
 */
function useNetworkView(run: RunRecord, weights: RunWeightsRecord | undefined) {
  const { runs } = useServices();
  // null while the query is loading, undefined once it is known that the run has no view.
  const live = useLiveQuery(() => runs.latestView(run.id), [run.id], null);
  const needed = live === undefined && weights?.final !== undefined;
  // The data is only loaded when it is drawn (points over the decision regions; a generated set
  // costs nothing) or needed to evaluate the weights: never a whole image set just to look.
  const spec = run.experiment.dataset;
  const wanted = needed || 'synthetic' in spec || Boolean(live?.view.boundary);
  const { dataset } = useDataset(wanted ? spec : undefined);
  const stored = useMemo(() => {
    if (!needed || !weights?.final || !dataset) return undefined;
    try {
      return { view: evaluateWeights(weights.final, dataset, evaluationRows(run.experiment, dataset)), label: 'final weights' };
    } catch {
      // The dataset has changed since (re-imported under the same id): the curves still tell the story.
      return undefined;
    }
  }, [run.id, needed, weights, dataset]);
  return { dataset, shown: live ? { view: live.view, label: live.epoch === 0 ? 'initial weights (epoch 0)' : `epoch ${live.epoch}` } : stored };
}

/** The regression targets' names, from the weights or the dataset. */
function targetNames(weights: RunWeightsRecord | undefined, dataset: Dataset | null): string[] | undefined {
  const output = weights?.final?.output ?? weights?.best?.output;
  if (output?.task === 'regression') return output.targets;
  return dataset?.target.kind === 'values' ? dataset.target.names : undefined;
}

/**
 * The inputs' normalization as the weights record it (an imported dataset's from its import, a
 * stored dataset's fitted for the run), else as the experiment asks while it trains; absent: none.
 */
function inputsOf(run: RunRecord, weights: RunWeightsRecord | undefined): string | undefined {
  const spec = run.experiment.dataset;
  const kind = (weights?.final ?? weights?.best)?.input.normalization.kind ?? ('normalize' in spec ? spec.normalize : undefined) ?? 'none';
  return kind === 'none' ? undefined : `${NORMALIZED[kind]} (fitted on the training rows)`;
}

function targetScalingOf(run: RunRecord, weights: RunWeightsRecord | undefined): string {
  const output = weights?.final?.output ?? weights?.best?.output;
  if (output?.task === 'regression') return output.scaling?.kind ?? 'none';
  return run.experiment.training.scaleTarget ?? 'standardize';
}

export function RunView({ run }: { run: RunRecord }) {
  const { runs, launcher } = useServices();
  // While the run writes its epochs, its history is read twice a second (see use-polled-query.ts).
  const active = run.status === 'queued' || run.status === 'running';
  const polled = usePolledQuery((previous: EpochRecord[] | undefined) => runs.historySince(run.id, previous), run.id, 500, active);
  const stored = useLiveQuery(() => (active ? undefined : runs.history(run.id)), [run.id, active]);
  const epochs = (active ? polled : (stored ?? polled)) ?? [];
  const weights = useLiveQuery(() => runs.weights(run.id), [run.id, run.status]);
  const { dataset, shown } = useNetworkView(run, weights);
  const rows = chartRows(epochs);
  // Epoch 0 (the initial weights) is always evaluated in full; the run's own epochs say how they were.
  const running = epochs.at(-1)?.event.trainMetrics === 'running';
  const regression = isRegressionRun(run.experiment, [run.metrics?.train, ...epochs.slice(0, 1).map((record) => record.event.train)]);
  const scaled = regression && (run.experiment.training.scaleTarget ?? 'standardize') !== 'none';
  const eta = run.status === 'running' ? formatEta(run) : undefined;
  const progress = run.totalEpochs ? run.epochsDone / run.totalEpochs : 0;
  return (
    <article className="panel run-view" data-testid="run-view" data-run-id={run.id} data-status={run.status}>
      <header className="run-header">
        <div>
          <h2 data-testid="run-title">{run.name}</h2>
          <p className="muted">
            <StatusBadge status={run.status} testId="run-status" />
            <span data-testid="run-progress" data-epochs-done={run.epochsDone}>
              epoch {run.epochsDone} of {run.totalEpochs}
            </span>
            {run.metrics && <span> · {formatSeconds(run.metrics.seconds)}</span>}
            {run.bestEpoch !== undefined && run.bestEpoch > 0 && <span> · best epoch {run.bestEpoch}</span>}
            {eta && <span data-testid="run-eta"> · {eta}</span>}
          </p>
          {run.continuedFrom && <Lineage run={run} parentId={run.continuedFrom} />}
        </div>
        {isActive(run.status) && (
          <button type="button" data-testid="cancel-run" onClick={() => launcher.cancel(run.id)}>
            Cancel
          </button>
        )}
      </header>
      <RunActions key={`actions-${run.id}`} run={run} weights={weights} />
      <div className="progress" aria-hidden>
        <div className={`progress-bar progress-${run.status}`} style={{ width: `${Math.min(100, progress * 100)}%` }} />
      </div>
      {run.message && (
        <p className={`run-message run-message-${run.status}`} data-testid="run-message">
          {run.message}
        </p>
      )}
      <MetricsRow train={run.metrics?.train} validation={run.metrics?.validation} running={running} />
      <div className="charts">
        <MetricChart
          title={scaled ? 'Loss (of the scaled targets, what training minimizes)' : 'Loss'}
          testId="loss-chart"
          rows={rows}
          series={seriesOf('Loss', running)}
          totalEpochs={run.totalEpochs}
          formatValue={formatLoss}
        />
        {regression ? (
          <>
            <MetricChart title="R²" testId="r2-chart" rows={rows} series={seriesOf('R2', running)} totalEpochs={run.totalEpochs} yDomain={['auto', 1]} formatValue={formatR2} />
            <MetricChart
              title="RMSE and MAE (target units)"
              testId="error-chart"
              rows={rows}
              series={[...seriesOf('Rmse', running, ' RMSE'), ...seriesOf('Mae', running, ' MAE', ['#7fa6ec', '#f2ab85'])]}
              totalEpochs={run.totalEpochs}
              formatValue={formatFigure}
            />
          </>
        ) : (
          <MetricChart
            title="Accuracy"
            testId="accuracy-chart"
            rows={rows}
            series={seriesOf('Accuracy', running)}
            totalEpochs={run.totalEpochs}
            yDomain={[0, 1]}
            formatValue={(v) => `${Math.round(v * 100)}%`}
          />
        )}
      </div>
      <NetworkHealth experiment={run.experiment} events={epochs.map((record) => record.event)} />
      {shown && (
        <RunEvaluation
          view={shown.view}
          viewLabel={shown.label}
          targets={targetNames(weights, dataset)}
          dataset={dataset}
        />
      )}
      <RunPredictions key={run.id} run={run} weights={weights} />
      <ConfigSummary
        experiment={run.experiment}
        datasetName={run.datasetName}
        inputs={inputsOf(run, weights)}
        targetScaling={regression ? targetScalingOf(run, weights) : undefined}
      />
      <RunAnnotations run={run} />
    </article>
  );
}
