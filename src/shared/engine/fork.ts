import type { Experiment, OptimizerSpec, ScheduleSpec } from '../schema/experiment';

// What a fork may change. A fork goes on from a run's checkpoint under other hyperparameters, so
// everything the checkpoint's state was made of must stay: the model (its weights have the
// checkpoint's shapes and meaning), the loss (early stopping's best loss is measured in it), the
// number type (the checkpoint's bits), and the seed and validation share (they chose the training
// rows the checkpoint's row order is a permutation of). How training goes on may change: the
// optimizer and its parameters, the schedule, the batch size, the epochs, L2, clipping, early
// stopping, shuffling, dropout rates, the kernel backend. The dataset is checked elsewhere: by the
// rows (the engine) and, in the app, by never being offered.

export interface ForkChange {
  /** Short name of the setting: "learningRate", "optimizer", "schedule", "layer 2 dropout", … */
  field: string;
  from: string;
  to: string;
}

export interface ForkRefusal {
  /** The experiment path of the refused change ("model.layers[0].units", "training.seed"). */
  field: string;
  reason: string;
}

export interface ForkPlan {
  changes: ForkChange[];
  refused: ForkRefusal[];
  /** What the user should know about the permitted changes (a fresh optimizer state, …). */
  notes: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const text = (value: unknown) => (value === undefined ? 'off' : typeof value === 'string' ? value : JSON.stringify(value));

function describeSchedule(schedule: ScheduleSpec): string {
  if (schedule.name === 'step') return `step (× ${schedule.factor} every ${schedule.every} epochs)`;
  if (schedule.name === 'exponential') return `exponential (× ${schedule.rate} per epoch)`;
  return 'constant';
}

function optimizerChanges(from: OptimizerSpec, to: OptimizerSpec): ForkChange[] {
  const describe = (spec: OptimizerSpec) => {
    const { name, ...rest } = spec;
    return `${name} (${Object.entries(rest).map(([key, value]) => `${key} ${text(value)}`).join(', ')})`;
  };
  if (from.name !== to.name) return [{ field: 'optimizer', from: describe(from), to: describe(to) }];
  const before = from as Record<string, unknown>;
  const after = to as Record<string, unknown>;
  return Object.keys(after).filter((key) => !same(before[key], after[key])).map((key) => ({ field: key, from: text(before[key]), to: text(after[key]) }));
}

const REFUSED_TRAINING: Record<string, string> = {
  seed: 'the seed chose the initial weights and the validation rows; the fork goes on from the checkpoint’s weights and rows, and its random streams are the checkpoint’s',
  validationSplit: 'the validation share decides which rows are trained on; the checkpoint’s row order holds exactly its run’s training rows',
  dtype: 'the checkpoint holds its numbers in its own type; another type would round them, and the fork would no longer start from the checkpoint’s state',
};

/**
 * Compare a fork's experiment with the experiment of the checkpoint it starts from, at `epoch`:
 * every changed setting, those a fork may not change (with why), and notes on the permitted ones.
 */
export function planFork(parent: Experiment, fork: Experiment, epoch: number): ForkPlan {
  const changes: ForkChange[] = [];
  const refused: ForkRefusal[] = [];
  const notes: string[] = [];

  const { model: before, training: was } = parent;
  const { model: after, training: now } = fork;
  if (before.layers.length !== after.layers.length) {
    refused.push({ field: 'model.layers', reason: `the checkpoint’s network has ${before.layers.length} layers, this one ${after.layers.length}: its weights only fit the same layers` });
  } else {
    before.layers.forEach((layer, i) => {
      const other = after.layers[i];
      // A layer without `bias` has one.
      const settings = (spec: typeof layer) => ({ units: spec.units, activation: spec.activation, bias: spec.bias ?? true, init: spec.init });
      const [a, b] = [settings(layer), settings(other)];
      for (const key of ['units', 'activation', 'bias', 'init'] as const) {
        if (same(a[key], b[key])) continue;
        const reason =
          key === 'init'
            ? 'the fork starts from the checkpoint’s weights, so an initializer would change nothing'
            : `the checkpoint’s weights were trained with ${key} ${text(a[key])} in layer ${i + 1}; they only fit the network they were trained in`;
        refused.push({ field: `model.layers[${i}].${key}`, reason });
      }
      if ((layer.dropout ?? 0) !== (other.dropout ?? 0)) changes.push({ field: `layer ${i + 1} dropout`, from: String(layer.dropout ?? 0), to: String(other.dropout ?? 0) });
    });
  }
  if (!same(before.init, after.init) || !same(before.biasInit, after.biasInit)) {
    refused.push({ field: 'model.init', reason: 'the fork starts from the checkpoint’s weights, so an initializer would change nothing' });
  }
  if (before.loss !== after.loss) {
    refused.push({ field: 'model.loss', reason: `the run was trained and its best epoch chosen by ${before.loss}; another loss would make the fork’s curve and early stopping incomparable with it` });
  }
  for (const [key, reason] of Object.entries(REFUSED_TRAINING)) {
    if (!same(was[key as keyof typeof was], now[key as keyof typeof now])) refused.push({ field: `training.${key}`, reason });
  }

  changes.push(...optimizerChanges(was.optimizer, now.optimizer));
  if (was.optimizer.name !== now.optimizer.name) {
    notes.push(`${now.optimizer.name} starts its own state at zero (velocities, moments and step count 0): the checkpoint’s ${was.optimizer.name} state is not carried over.`);
  }
  if (!same(was.schedule, now.schedule)) {
    changes.push({ field: 'schedule', from: describeSchedule(was.schedule), to: describeSchedule(now.schedule) });
    notes.push(`The schedule counts epochs from the start of the whole run: the fork’s first epoch is epoch ${epoch + 1}.`);
  }
  if (!same(was.earlyStopping, now.earlyStopping)) {
    const describe = (stopping: typeof was.earlyStopping) => (stopping ? `patience ${stopping.patience}, minDelta ${stopping.minDelta}` : 'off');
    changes.push({ field: 'earlyStopping', from: describe(was.earlyStopping), to: describe(now.earlyStopping) });
  }
  // Every other training setting (batch size, epochs, L2, clipping, shuffling, backend, how
  // training metrics are measured, and any added later) is how training goes on: a permitted change.
  const described = new Set(['optimizer', 'schedule', 'earlyStopping', ...Object.keys(REFUSED_TRAINING)]);
  const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter((key) => !described.has(key));
  for (const key of keys) {
    const [from, to] = [(was as Record<string, unknown>)[key], (now as Record<string, unknown>)[key]];
    // An absent clipNorm is no clipping; another absent setting is its default.
    const shown = (value: unknown) => (value === undefined && key !== 'clipNorm' ? 'default' : text(value));
    if (!same(from, to)) changes.push({ field: key, from: shown(from), to: shown(to) });
  }
  if (now.epochs <= epoch) refused.push({ field: 'training.epochs', reason: `the checkpoint is at epoch ${epoch}; train to a later epoch than that` });
  return { changes, refused, notes };
}

/** "learningRate 0.01 → 0.001, epochs 100 → 200", or "nothing" for an exact continuation. */
export function describeForkChanges(changes: readonly ForkChange[]): string {
  return changes.length ? changes.map(({ field, from, to }) => `${field} ${from} → ${to}`).join(', ') : 'nothing';
}
