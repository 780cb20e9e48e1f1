import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { StepInspection, StepSelection } from '../../../../shared/engine/inspect-step';
import { MAX_INSPECTED_ROWS } from '../../../../shared/engine/inspect-step';
import { ExperimentSchema, type Experiment } from '../../../../shared/schema/experiment';
import type { WeightsFile } from '../../../../shared/schema/weights';
import { routeHref } from '../../app/routes';
import { useServices } from '../../app/services';
import type { RunRecord, RunWeightsRecord } from '../../db/database';
import { builtinAssetUrls } from '../datasets/builtin-assets';
import { ChainRule } from './ChainRule';
import { ComputationGraph, graphFits } from './ComputationGraph';
import { EXPERIMENT_PREFIX, inspectorFocus, type InspectorFocus } from './inspector-route';
import { formatValue } from './format-value';
import { createInspectorClient, type InspectorClient } from './inspector-client';
import type { Opened } from './inspector-protocol';
import { BackwardSection, ForwardSection, GradcheckTable, UpdateSection, type WeightChoice } from './StepSections';
import './inspector.css';

// The step inspector: one training step of a run (or of an experiment's freshly initialized
// network) on rows the user picks, with every number of the forward pass, the loss, the backward
// pass and the update — training's own numbers, computed in a worker by the engine's
// StepInspector. Route: #/inspect/<run id>, or #/inspect/experiment:<experiment id>.

type StateChoice = { kind: 'init' } | { kind: 'replay'; epoch: number } | { kind: 'final' } | { kind: 'best' };

interface Subject {
  title: string;
  backHref: string;
  experiment: Experiment;
  run?: RunRecord;
  weights?: RunWeightsRecord;
  /** A continued run's starting point: its parent's final weights. */
  initialWeights?: WeightsFile;
}

function useSubject(id: string): { subject?: Subject; error?: string } {
  const { runs, experiments } = useServices();
  const result = useLiveQuery(async (): Promise<{ subject?: Subject; error?: string }> => {
    if (id.startsWith(EXPERIMENT_PREFIX)) {
      const experimentId = id.slice(EXPERIMENT_PREFIX.length);
      const record = await experiments.get(experimentId);
      if (!record) return { error: 'This experiment no longer exists.' };
      const parsed = ExperimentSchema.safeParse(record.experiment);
      if (!parsed.success) return { error: `${record.name} is not complete yet: fix it in the editor first.` };
      return { subject: { title: record.name, backHref: routeHref({ page: 'experiments', id: experimentId }), experiment: parsed.data } };
    }
    const run = await runs.get(id);
    if (!run) return { error: 'This run no longer exists.' };
    const weights = await runs.weights(id);
    const parent = run.continuedFrom ? await runs.weights(run.continuedFrom) : undefined;
    if (run.continuedFrom && !parent?.final) return { error: 'This run continued another run whose weights are gone, so its start cannot be replayed.' };
    return { subject: { title: run.name, backHref: routeHref({ page: 'runs', id }), experiment: run.experiment, run, weights, initialWeights: parent?.final } };
  }, [id]);
  return result ?? {};
}

function parseRows(text: string): number[] | string {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return 'Type one or more row numbers, e.g. 0, 3';
  const rows = parts.map(Number);
  const bad = parts.find((part, i) => !/^\d+$/.test(part) || !Number.isSafeInteger(rows[i]));
  if (bad !== undefined) return `'${bad}' is not a row number (rows count from 0)`;
  if (rows.length > MAX_INSPECTED_ROWS) return `At most ${MAX_INSPECTED_ROWS} rows at a time`;
  return rows;
}

function stateOptions(subject: Subject): { value: string; label: string; choice: StateChoice }[] {
  const options: { value: string; label: string; choice: StateChoice }[] = [{ value: 'init', label: 'Epoch 0 — just initialized', choice: { kind: 'init' } }];
  const run = subject.run;
  if (!run) return options;
  if (run.epochsDone > 0) options.push({ value: 'replay', label: 'Epoch N — replayed from the seed', choice: { kind: 'replay', epoch: run.epochsDone } });
  if (subject.weights?.final) options.push({ value: 'final', label: `Final weights (stored, epoch ${run.status === 'stopped-early' ? run.bestEpoch : run.epochsDone})`, choice: { kind: 'final' } });
  if (subject.weights?.best && run.bestEpoch) options.push({ value: 'best', label: `Best weights (stored, epoch ${run.bestEpoch})`, choice: { kind: 'best' } });
  return options;
}

export function InspectorPage({ id, detail }: { id: string; detail?: string }) {
  const { subject, error } = useSubject(id);
  if (error) return <p className="form-error panel">{error}</p>;
  if (!subject) return <p className="muted">Loading…</p>;
  return <Inspector key={`${id}/${detail ?? ''}`} subject={subject} focus={inspectorFocus(detail)} />;
}

function Inspector({ subject, focus }: { subject: Subject; focus: Partial<InspectorFocus> }) {
  const options = useMemo(() => stateOptions(subject), [subject.run?.id, subject.weights]);
  const [stateValue, setStateValue] = useState<string>(focus.state ?? 'init');
  const [replayEpoch, setReplayEpoch] = useState(subject.run?.epochsDone ?? 0);
  const [mode, setMode] = useState<'batch' | 'rows'>(focus.rows ? 'rows' : 'batch');
  const [batch, setBatch] = useState(1);
  const [rowsText, setRowsText] = useState(focus.rows?.join(', ') ?? '0');
  const [opened, setOpened] = useState<Opened | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [inspection, setInspection] = useState<StepInspection | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [stepsTaken, setStepsTaken] = useState(0);
  /** The loss on these columns before the last step taken here, to show what the step did. */
  const [lossBefore, setLossBefore] = useState<number | null>(null);
  const [weight, setWeight] = useState<WeightChoice | null>(null);
  const [sample, setSample] = useState(0);
  const [gradcheck, setGradcheck] = useState(false);
  const client = useRef<InspectorClient | null>(null);

  const rows = mode === 'rows' ? parseRows(rowsText) : null;
  const selection: StepSelection | null = mode === 'batch' ? { batch } : Array.isArray(rows) ? { rows } : null;
  const choice = options.find((o) => o.value === stateValue)?.choice ?? { kind: 'init' };
  const stateKey = JSON.stringify(choice.kind === 'replay' ? { ...choice, epoch: replayEpoch } : choice);

  // Open the chosen state in a fresh worker; a new choice closes the old one (stopping a replay).
  useEffect(() => {
    const worker = createInspectorClient();
    client.current = worker;
    setOpened(null);
    setInspection(null);
    setFailure(null);
    setStepsTaken(0);
    setLossBefore(null);
    const weights = choice.kind === 'final' ? subject.weights?.final : choice.kind === 'best' ? subject.weights?.best : undefined;
    const epoch =
      choice.kind === 'replay' ? replayEpoch : choice.kind === 'best' ? (subject.run?.bestEpoch ?? 0) : choice.kind === 'final' ? (subject.run?.status === 'stopped-early' ? (subject.run.bestEpoch ?? 0) : (subject.run?.epochsDone ?? 0)) : 0;
    const then = choice.kind === 'replay' && epoch > 0 ? `, then replaying ${epoch} epochs` : '';
    setProgress(`Loading the dataset${then}…`);
    worker
      .open({ experiment: subject.experiment, assetUrls: builtinAssetUrls(), weights, initialWeights: weights ? undefined : subject.initialWeights, epoch }, (phase, done, of) =>
        setProgress(phase === 'dataset' ? `Loading the dataset: ${done} of ${of} blocks read${then}…` : `Replaying epoch ${done} of ${of}…`),
      )
      .then(
        (result) => {
          setOpened(result);
          setProgress(null);
        },
        (error: Error) => {
          setFailure(error.message);
          setProgress(null);
        },
      );
    return () => worker.close();
  }, [stateKey]);

  const selectionKey = JSON.stringify(selection);
  useEffect(() => {
    if (!opened || !selection || !client.current) return;
    let current = true;
    setBusy(true);
    client.current.inspect(selection, gradcheck).then(
      (result) => {
        if (!current) return;
        setInspection(result);
        setFailure(null);
        setBusy(false);
        setSample((s) => Math.min(s, result.m - 1));
      },
      (error: Error) => {
        if (!current) return;
        setFailure(error.message);
        setBusy(false);
      },
    );
    return () => {
      current = false;
    };
  }, [opened, selectionKey, stepsTaken, gradcheck]);

  const takeStep = () => {
    if (!selection || !client.current || !inspection) return;
    setBusy(true);
    setLossBefore(inspection.loss.value);
    client.current.step(selection).then(
      () => setStepsTaken((n) => n + 1),
      (error: Error) => {
        setFailure(error.message);
        setBusy(false);
      },
    );
  };

  const run = subject.run;
  return (
    <div className="inspector-page" data-testid="inspector-page" data-busy={busy || progress !== null}>
      <header className="page-header">
        <a href={subject.backHref} className="muted">
          ← {run ? 'back to the run' : 'back to the experiment'}
        </a>
        <h2 data-testid="inspector-title">Step inspector · {subject.title}</h2>
        <p className="muted">
          One training step, every number: forward Z[l] = W[l]·A[l−1] + b[l], A[l] = g(Z[l]); the loss; backward dZ, dW, db, dA; and the update. Layers count from 1; each column is one sample; W[l] is n_l × n_(l−1). The numbers are the run's own: same network, loss, kernels ({subject.experiment.training.dtype}).
        </p>
      </header>
      <div className="panel inspector-controls">
        <label>
          State
          <select data-testid="inspector-state" value={stateValue} onChange={(event) => setStateValue(event.target.value)}>
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        {choice.kind === 'replay' && run && (
          <label>
            N
            <input
              type="number"
              data-testid="inspector-epoch"
              min={1}
              max={run.epochsDone}
              value={replayEpoch}
              onChange={(event) => setReplayEpoch(Math.max(1, Math.min(run.epochsDone, Math.round(Number(event.target.value)) || 1)))}
            />
          </label>
        )}
        <label>
          Columns
          <select data-testid="inspector-mode" value={mode} onChange={(event) => setMode(event.target.value as 'batch' | 'rows')}>
            <option value="batch">a mini-batch of the run</option>
            <option value="rows">rows I choose</option>
          </select>
        </label>
        {mode === 'batch' ? (
          <label>
            Batch
            <input
              type="number"
              data-testid="inspector-batch"
              min={1}
              max={opened?.batches ?? 1}
              value={batch}
              onChange={(event) => setBatch(Math.max(1, Math.min(opened?.batches ?? 1, Math.round(Number(event.target.value)) || 1)))}
            />
            <span className="muted">
              of {opened?.batches ?? '…'} (size {opened?.batchSize ?? '…'}, in epoch {inspection?.batch?.epoch ?? '…'}'s order)
            </span>
          </label>
        ) : (
          <label>
            Rows
            <input data-testid="inspector-rows" value={rowsText} onChange={(event) => setRowsText(event.target.value)} placeholder="0, 3" />
            <span className="muted">dataset rows from 0{opened ? ` to ${opened.rows - 1}` : ''}, as `nn-workbench inspect --rows` takes them</span>
          </label>
        )}
        <button type="button" data-testid="take-step" disabled={!inspection || busy} onClick={takeStep} title="Apply this update to the inspector's copy (the stored run is never changed)">
          Take one step
        </button>
        <button type="button" data-testid="check-every-weight" disabled={!inspection || busy} onClick={() => setGradcheck(true)}>
          Check every weight
        </button>
      </div>
      {typeof rows === 'string' && <p className="form-error">{rows}</p>}
      {progress && <p className="muted" data-testid="inspector-progress">{progress}</p>}
      {failure && (
        <p className="form-error" role="alert" data-testid="inspector-error">
          {failure}
        </p>
      )}
      {inspection && (
        <StepView
          inspection={inspection}
          opened={opened}
          weight={weight}
          onWeight={setWeight}
          sample={sample}
          onSample={setSample}
          lossBefore={stepsTaken > 0 ? lossBefore : null}
          onCheck={(choice) => client.current!.checkWeight(selection!, choice.layer, 'W', choice.row, choice.col)}
        />
      )}
    </div>
  );
}

function StepView({
  inspection,
  opened,
  weight,
  onWeight,
  sample,
  onSample,
  onCheck,
  lossBefore,
}: {
  inspection: StepInspection;
  lossBefore: number | null;
  opened: Opened | null;
  weight: WeightChoice | null;
  onWeight: (choice: WeightChoice) => void;
  sample: number;
  onSample: (sample: number) => void;
  onCheck: (choice: WeightChoice) => ReturnType<InspectorClient['checkWeight']>;
}) {
  const source =
    inspection.source === 'initialization' ? 'just initialized (epoch 0)' : inspection.source === 'replay' ? `replayed to epoch ${inspection.epoch}` : `stored weights of epoch ${inspection.epoch}`;
  return (
    <div className="step-view" data-testid="step-view" data-rows={inspection.rows.join(',')}>
      <p className="step-summary" data-testid="step-summary">
        {inspection.m} column{inspection.m === 1 ? '' : 's'} (rows {inspection.rows.slice(0, 12).join(', ')}
        {inspection.rows.length > 12 ? ', …' : ''}){inspection.batch ? ` — batch ${inspection.batch.index} of ${inspection.batch.of} in epoch ${inspection.batch.epoch}` : ''} · network {source}
        {inspection.stepsTaken > 0 ? `, then ${inspection.stepsTaken} step${inspection.stepsTaken === 1 ? '' : 's'} taken here` : ''} · {inspection.dtype} on {inspection.backend}
        {opened ? ` · ${opened.datasetName}` : ''}
      </p>
      {lossBefore !== null && (
        <p className="step-change" data-testid="step-change">
          The step taken here moved the loss on these columns from {formatValue(lossBefore)} to {formatValue(inspection.loss.value)}
          {inspection.loss.value < lossBefore ? ' (down)' : inspection.loss.value > lossBefore ? ' (up: the step overshot for these columns)' : ' (unchanged)'}; the matrices below are the network after it.
        </p>
      )}
      {inspection.notes.map((note) => (
        <p key={note} className="muted note">
          {note}
        </p>
      ))}
      <GradcheckTable inspection={inspection} />
      {inspection.m > 1 && (
        <label className="sample-choice">
          Sample for the graph and the chain rule
          <select data-testid="inspector-sample" value={sample} onChange={(event) => onSample(Number(event.target.value))}>
            {inspection.rows.map((row, s) => (
              <option key={s} value={s}>
                #{row}
              </option>
            ))}
          </select>
        </label>
      )}
      {graphFits(inspection) && <ComputationGraph inspection={inspection} sample={sample} selectedWeight={weight} onSelectWeight={onWeight} />}
      {weight ? (
        <ChainRule inspection={inspection} weight={weight} sample={sample} onSample={onSample} onCheck={() => onCheck(weight)} />
      ) : (
        <p className="muted">Click any weight — in W, in dW or an edge of the graph — to see its gradient by the chain rule.</p>
      )}
      <ForwardSection inspection={inspection} geometry={opened?.geometry} inputsNormalization={opened?.inputsNormalization} selectedWeight={weight} onSelectWeight={onWeight} />
      <BackwardSection inspection={inspection} selectedWeight={weight} onSelectWeight={onWeight} />
      <UpdateSection inspection={inspection} />
    </div>
  );
}
