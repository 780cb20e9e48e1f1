import { OPTIMIZERS, SCHEDULES } from '../../../../shared/nn/optimizers';
import { DEFAULT_TRAIN_METRICS, DTYPES, TARGET_SCALINGS, TRAIN_METRICS, type DType, type OptimizerName, type ScheduleName, type TargetScalingName, type TrainMetrics } from '../../../../shared/schema/names';
import { BatchSizeField } from '../../components/BatchSizeField';
import { NumberField } from '../../components/NumberField';
import { DEFAULT_DRAFT, newSeed, SCHEMA_DEFAULTS, switchOptimizer, type ExperimentDraft } from './experiment-draft';

// Optimizer (from the core's registry, with that optimizer's own parameters), learning-rate
// schedule, batch size (or the full batch: plain gradient descent), epochs, validation share,
// L2, gradient clipping, early stopping, seed, number type, how the training curve is measured, and
// for regression the targets' scaling.

type Training = ExperimentDraft['training'];
type Optimizer = Training['optimizer'];

/** Starting values when a schedule is picked; the user edits them. */
const SCHEDULE_STARTS: { [N in ScheduleName]: Extract<NonNullable<Training['schedule']>, { name: N }> } = {
  constant: { name: 'constant' },
  step: { name: 'step', every: 50, factor: 0.5 },
  exponential: { name: 'exponential', rate: 0.99 },
};

const TARGET_SCALING_LABELS: Record<TargetScalingName, string> = {
  standardize: 'standardize (mean 0, std 1)',
  minmax: 'min-max to [0, 1]',
  none: 'none (as in the file)',
};

/** What each number type means for a run: the choice decides the kernels, so say so. */
const DTYPE_LABELS: Record<DType, string> = {
  float64: 'float64',
  float32: 'float32 · fast',
};

/**
 * Inputs from which the float64 choice gets a note: there float32's WebAssembly kernels are several
 * times as fast (an epoch of Fashion-MNIST, 784 inputs, measured here: 4× with two tanh layers of
 * 32 units, 8× with one ReLU layer of 128); on a handful of inputs, as in the tutorials' toy
 * problems, runs are quick either way. The training host picks the kernels, and every runtime the
 * app supports (Electron, current browsers) has WebAssembly SIMD.
 */
const WIDE_INPUTS = 100;

/** The training metrics' choices as the form offers them: what each costs and what it measures. */
const TRAIN_METRICS_LABELS: Record<TrainMetrics, string> = {
  running: 'running: mean over the epoch’s steps (free)',
  full: 'full: evaluate the training set after each epoch',
};

interface TrainingFieldsProps {
  training: Training;
  /** Input features of the chosen dataset, once loaded. */
  inputs?: number;
  /** The dataset brings its own validation rows, so the validation share does not apply. */
  ownSplit: boolean;
  /** A regression dataset: its targets' scaling is a choice. */
  regression?: boolean;
  issues: Map<string, string>;
  onChange: (training: Training) => void;
}

export function TrainingFields({ training, inputs, ownSplit, regression = false, issues, onChange }: TrainingFieldsProps) {
  const set = (patch: Partial<Training>) => onChange({ ...training, ...patch });
  const optimizer = training.optimizer;
  const entry = OPTIMIZERS[optimizer.name];
  const setOptimizer = (patch: Record<string, unknown>) => set({ optimizer: { ...optimizer, ...patch } as Optimizer });
  const schedule = training.schedule ?? SCHEMA_DEFAULTS.schedule;
  const dtype = training.dtype ?? SCHEMA_DEFAULTS.dtype;
  const issue = (path: string) => issues.get(`training.${path}`);

  return (
    <>
      <div className="field-grid">
        <label className="field">
          Optimizer
          <select
            data-testid="optimizer"
            value={optimizer.name}
            onChange={(event) => set({ optimizer: switchOptimizer(optimizer, event.target.value as OptimizerName) })}
          >
            {(Object.keys(OPTIMIZERS) as OptimizerName[]).map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <NumberField label="Learning rate" testId="learning-rate" value={optimizer.learningRate} issue={issue('optimizer.learningRate')} onChange={(learningRate) => setOptimizer({ learningRate })} />
        {Object.entries(entry.defaults).map(([param, fallback]) =>
          typeof fallback === 'boolean' ? (
            <label key={param} className="field checkbox">
              <input type="checkbox" data-testid={`optimizer-${param}`} checked={Boolean((optimizer as Record<string, unknown>)[param] ?? fallback)} onChange={(event) => setOptimizer({ [param]: event.target.checked })} />
              {param}
            </label>
          ) : (
            <NumberField
              key={param}
              label={param}
              testId={`optimizer-${param}`}
              placeholder={String(fallback)}
              value={(optimizer as Record<string, unknown>)[param] as number | undefined}
              issue={issue(`optimizer.${param}`)}
              onChange={(value) => setOptimizer({ [param]: value })}
            />
          ),
        )}
      </div>

      <div className="field-grid">
        <label className="field">
          Schedule
          <select data-testid="schedule" value={schedule.name} onChange={(event) => set({ schedule: SCHEDULE_STARTS[event.target.value as ScheduleName] })}>
            {(Object.keys(SCHEDULES) as ScheduleName[]).map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        {schedule.name === 'step' && (
          <>
            <NumberField label="every (epochs)" testId="schedule-every" value={schedule.every} issue={issue('schedule.every')} onChange={(every) => set({ schedule: { ...schedule, every: every as number } })} />
            <NumberField label="factor" testId="schedule-factor" value={schedule.factor} issue={issue('schedule.factor')} onChange={(factor) => set({ schedule: { ...schedule, factor: factor as number } })} />
          </>
        )}
        {schedule.name === 'exponential' && (
          <NumberField label="rate per epoch" testId="schedule-rate" value={schedule.rate} issue={issue('schedule.rate')} onChange={(rate) => set({ schedule: { ...schedule, rate: rate as number } })} />
        )}
      </div>

      <div className="field-grid">
        <NumberField label="Epochs" testId="epochs" value={training.epochs} issue={issue('epochs')} onChange={(epochs) => set({ epochs: epochs as number })} />
        <BatchSizeField
          value={training.batchSize}
          unticked={DEFAULT_DRAFT.training.batchSize as number}
          placeholder={String(SCHEMA_DEFAULTS.batchSize)}
          issue={issue('batchSize')}
          onChange={(batchSize) => set({ batchSize })}
        />
        <NumberField
          label="Validation share"
          testId="validation-split"
          placeholder={ownSplit ? 'own split' : String(SCHEMA_DEFAULTS.validationSplit)}
          disabled={ownSplit}
          title={ownSplit ? 'The dataset brings its own validation rows' : 'Fraction of the rows held out (stratified, with the seed) when the dataset has no split of its own'}
          value={training.validationSplit}
          issue={issue('validationSplit')}
          onChange={(validationSplit) => set({ validationSplit })}
        />
        <NumberField label="L2 (λ)" testId="l2" placeholder={String(SCHEMA_DEFAULTS.l2)} value={training.l2} issue={issue('l2')} onChange={(l2) => set({ l2 })} />
        <NumberField label="Clip gradient norm" testId="clip-norm" placeholder="off" value={training.clipNorm} issue={issue('clipNorm')} onChange={(clipNorm) => set({ clipNorm })} />
        <label className="field">
          Numbers
          <select data-testid="dtype" value={dtype} onChange={(event) => set({ dtype: event.target.value as DType })}>
            {DTYPES.map((dtype) => (
              <option key={dtype} value={dtype}>
                {DTYPE_LABELS[dtype]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {dtype === 'float64' && (inputs ?? 0) >= WIDE_INPUTS && (
        <p className="pairing-warning" role="note" data-testid="dtype-note">
          With {inputs} inputs, float32 trains about 1.7× as fast (both run on WebAssembly SIMD kernels, float32 on twice the lanes) in half the memory. float64’s extra
          digits matter for gradient checks, rarely for training.
        </p>
      )}

      <div className="field-grid">
        <label className="field checkbox">
          <input
            type="checkbox"
            data-testid="early-stopping"
            checked={training.earlyStopping !== undefined}
            onChange={(event) => set({ earlyStopping: event.target.checked ? { patience: 20, minDelta: 0 } : undefined })}
          />
          Early stopping
        </label>
        {training.earlyStopping && (
          <>
            <NumberField label="patience (epochs)" testId="patience" value={training.earlyStopping.patience} issue={issue('earlyStopping.patience')} onChange={(patience) => set({ earlyStopping: { ...training.earlyStopping!, patience: patience as number } })} />
            <NumberField label="min. improvement" testId="min-delta" value={training.earlyStopping.minDelta} issue={issue('earlyStopping.minDelta')} onChange={(minDelta) => set({ earlyStopping: { ...training.earlyStopping!, minDelta } })} />
          </>
        )}
        <div className="field">
          Seed
          <div className="inline">
            <NumberField label="" testId="seed" value={training.seed} issue={issue('seed')} onChange={(seed) => set({ seed })} />
            <button type="button" data-testid="new-seed" onClick={() => set({ seed: newSeed() })}>
              New seed
            </button>
          </div>
        </div>
        <label className="field checkbox">
          <input type="checkbox" data-testid="shuffle" checked={training.shuffle ?? SCHEMA_DEFAULTS.shuffle} onChange={(event) => set({ shuffle: event.target.checked })} />
          Shuffle each epoch
        </label>
        <label className="field" title="Validation metrics are always a full evaluation after each epoch">
          Training metrics
          <select
            data-testid="train-metrics"
            value={training.trainMetrics ?? DEFAULT_TRAIN_METRICS}
            onChange={(event) => set({ trainMetrics: event.target.value as TrainMetrics })}
          >
            {TRAIN_METRICS.map((choice) => (
              <option key={choice} value={choice}>
                {TRAIN_METRICS_LABELS[choice]}
              </option>
            ))}
          </select>
        </label>
        {regression && (
          <label className="field" title="What the network learns to output, fitted on the training rows. Metrics, charts and predictions are in the targets' own units whatever is chosen.">
            Scale the targets
            <select data-testid="scale-target" value={training.scaleTarget ?? 'standardize'} onChange={(event) => set({ scaleTarget: event.target.value as TargetScalingName })}>
              {TARGET_SCALINGS.map((kind) => (
                <option key={kind} value={kind}>
                  {TARGET_SCALING_LABELS[kind]}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </>
  );
}
