import type { ZodError } from 'zod';
import { taskOf, type Dataset } from '../../../../shared/data/dataset';
import { modelDataProblem } from '../../../../shared/engine/prepare';
import { LOSSES } from '../../../../shared/nn/losses';
import {
  ExperimentSchema,
  ModelSpecSchema,
  SyntheticDatasetSpecSchema,
  TrainingSpecSchema,
  type Experiment,
  type ExperimentInput,
} from '../../../../shared/schema/experiment';
import type { ActivationName, OptimizerName } from '../../../../shared/schema/names';
import { locateIssue } from '../../../../shared/schema/schema-error';
import { pairedLoss } from './output-pairing';

// The one experiment model of the renderer: the experiment editor and the Runs page's quick form
// are two views of this draft — an experiment as the user writes it (schema input: defaults may
// be left out, a box being typed may hold NaN). Both start from the same draft, change the
// dataset and the output layer through the same functions, and are checked by the same
// `checkDraft`. Validity is decided by the shared schema and by the engine's own model/data
// check, never by rules copied here; their messages are keyed by field path
// ("training.optimizer.learningRate") so each one shows under the box it is about.

export type ExperimentDraft = ExperimentInput;
export type DraftModel = ExperimentDraft['model'];
export type DraftLayer = DraftModel['layers'][number];

/**
 * What a new experiment or run starts from: two spirals with a network that learns them in
 * seconds (about 93 % validation accuracy). It names only what differs from the schema's
 * defaults (those are the CLI's too, see SCHEMA_DEFAULTS) plus what the schema requires.
 */
export const DEFAULT_DRAFT: ExperimentDraft = {
  dataset: { synthetic: 'spirals', samples: 600, seed: 1 },
  model: {
    layers: [
      { units: 32, activation: 'tanh' },
      { units: 32, activation: 'tanh' },
      { units: 1, activation: 'sigmoid' },
    ],
    loss: 'binaryCrossEntropy',
  },
  training: { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 16, epochs: 200, seed: 1, validationSplit: 0.2 },
};

/**
 * The value the schema gives a field left out — what the CLI trains with, and what a form shows
 * for an empty box — read from the schema itself so no form keeps a copy.
 */
export const SCHEMA_DEFAULTS = {
  init: ModelSpecSchema.shape.init.parse(undefined),
  biasInit: ModelSpecSchema.shape.biasInit.parse(undefined),
  schedule: TrainingSpecSchema.shape.schedule.parse(undefined),
  batchSize: TrainingSpecSchema.shape.batchSize.parse(undefined),
  seed: TrainingSpecSchema.shape.seed.parse(undefined),
  dtype: TrainingSpecSchema.shape.dtype.parse(undefined),
  validationSplit: TrainingSpecSchema.shape.validationSplit.parse(undefined),
  l2: TrainingSpecSchema.shape.l2.parse(undefined),
  shuffle: TrainingSpecSchema.shape.shuffle.parse(undefined),
  dataSeed: SyntheticDatasetSpecSchema.shape.seed.parse(undefined),
};

/** Another optimizer keeps the learning rate; its own parameters start from their defaults. */
export function switchOptimizer(optimizer: ExperimentDraft['training']['optimizer'], name: OptimizerName): ExperimentDraft['training']['optimizer'] {
  return { name, learningRate: optimizer.learningRate } as ExperimentDraft['training']['optimizer'];
}

const isXor = (spec: ExperimentDraft['dataset']) => 'synthetic' in spec && spec.synthetic === 'xor';

/**
 * The draft on another dataset. XOR has four rows: holding any out would leave too few to learn
 * from, so it trains on all of them; leaving it gives back the starting validation share.
 */
export function withDataset(draft: ExperimentDraft, dataset: ExperimentDraft['dataset']): ExperimentDraft {
  let validationSplit = draft.training.validationSplit;
  if (isXor(dataset) && !isXor(draft.dataset)) validationSplit = 0;
  else if (isXor(draft.dataset) && !isXor(dataset) && !validationSplit) validationSplit = DEFAULT_DRAFT.training.validationSplit;
  return { ...draft, dataset, training: { ...draft.training, validationSplit } };
}

export const activationNameOf = (spec: DraftLayer['activation']): ActivationName => (typeof spec === 'string' ? spec : spec.name);

/** Output units the dataset needs: one per class (one sigmoid unit for two classes), one per regression target. */
export function outputUnitsFor(activation: ActivationName, dataset: Dataset): number {
  if (dataset.target.kind === 'values') return dataset.target.names.length;
  const classes = dataset.target.classes.length;
  return activation === 'sigmoid' && classes === 2 ? 1 : classes;
}

/**
 * The draft with an output layer that fits the dataset: sized for its classes or targets, linear
 * with mean squared error for regression, sigmoid or softmax with cross-entropy when a regression
 * output meets classes (or a single sigmoid unit meets more than two). Other choices are the
 * user's and stay.
 */
export function fitOutputLayer(draft: ExperimentDraft, dataset: Dataset): ExperimentDraft {
  const layers = draft.model.layers;
  const output = layers[layers.length - 1];
  let activation = output.activation;
  let loss = draft.model.loss;
  const name = activationNameOf(activation);
  if (dataset.target.kind === 'values') {
    if (name === 'softmax' || name === 'sigmoid') activation = 'linear';
    if (LOSSES[loss].needsProbabilities) loss = pairedLoss(activationNameOf(activation), 'regression');
  } else {
    const classes = dataset.target.classes.length;
    if (name === 'linear' || (name === 'sigmoid' && classes > 2)) {
      activation = classes === 2 ? 'sigmoid' : 'softmax';
      loss = pairedLoss(activation, 'classification');
    }
  }
  const units = outputUnitsFor(activationNameOf(activation), dataset);
  if (output.units === units && activation === output.activation && loss === draft.model.loss) return draft;
  return { ...draft, model: { ...draft.model, loss, layers: [...layers.slice(0, -1), { ...output, activation, units }] } };
}

/**
 * The model with another output activation: sized for the dataset (when it is known) and with the
 * loss the tutorials pair with it, which the user may still change.
 */
export function withOutputActivation(model: DraftModel, activation: DraftLayer['activation'], dataset: Dataset | null): DraftModel {
  const output = model.layers[model.layers.length - 1];
  const name = activationNameOf(activation);
  const units = dataset ? outputUnitsFor(name, dataset) : output.units;
  const loss = pairedLoss(name, dataset ? taskOf(dataset) : 'classification');
  return { ...model, loss, layers: [...model.layers.slice(0, -1), { ...output, activation, units }] };
}

/** "model.layers[2].units" (engine messages) → "model.layers.2.units" (zod paths). */
const normalizePath = (path: string) => path.replace(/\[(\d+)\]/g, '.$1');

const BOUND_WORDS: Record<string, string> = { '>=': 'expected a number ≥', '>': 'expected a number >', '<=': 'expected at most', '<': 'expected less than' };

/**
 * zod's own messages in the words of a form and of the schema's custom ones: "Invalid input:
 * expected number, received NaN" → "expected a number", "Too big: expected number to be <=0.9" →
 * "expected at most 0.9".
 */
function readable(message: string): string {
  if (message === 'Invalid input: expected number, received undefined') return 'required: enter a number';
  if (/^Invalid input: expected number, received \w+$/.test(message)) return 'expected a number';
  const bound = /^Too (?:small|big): expected number to be ([<>]=?)(.+)$/.exec(message);
  return bound ? `${BOUND_WORDS[bound[1]]} ${bound[2]}` : message;
}

export interface DraftCheck {
  /** The parsed experiment, when the draft is valid and fits the dataset. */
  experiment?: Experiment;
  /** Field path → message, the first problem of each field. */
  issues: Map<string, string>;
}

/**
 * The schema's problems keyed by field path, the first of each field, in a form's words — for
 * every form that edits an experiment (the editor, the quick form, a fork's training fields).
 */
export function issuesByField(error: ZodError): Map<string, string> {
  const issues = new Map<string, string>();
  for (const issue of error.issues) {
    // A value no branch of a union takes (a dataset's samples typed as "abc") is followed into
    // the branch meant, so the message lands under the samples box, not on the whole dataset.
    const located = locateIssue(issue);
    const path = located.path.join('.');
    if (!issues.has(path)) issues.set(path, readable(located.message));
  }
  return issues;
}

/** `missing` says why `dataset` is null (still loading, deleted…). */
export function checkDraft(draft: ExperimentDraft, dataset: Dataset | null, missing = 'the dataset could not be loaded'): DraftCheck {
  const parsed = ExperimentSchema.safeParse(draft);
  if (!parsed.success) return { issues: issuesByField(parsed.error) };
  if (!dataset) return { issues: new Map([['dataset', missing]]) };
  const problem = modelDataProblem(parsed.data, dataset);
  if (problem) {
    const split = problem.indexOf(': ');
    return { issues: new Map([[normalizePath(problem.slice(0, split)), problem.slice(split + 2)]]) };
  }
  // A dataset with validation rows of its own is validated on them (the engine ignores the share),
  // and the run's experiment says so rather than keep a share it did not use.
  if (dataset.split) return { experiment: { ...parsed.data, training: { ...parsed.data.training, validationSplit: 0 } }, issues: new Map() };
  return { experiment: parsed.data, issues: new Map() };
}

/** Issues under `prefix` (a layer, the optimizer…), for a box that stands for a whole group. */
export function issueUnder(issues: Map<string, string>, prefix: string): string | undefined {
  for (const [path, message] of issues) if (path === prefix || path.startsWith(`${prefix}.`)) return message;
  return undefined;
}

/** "spirals · 32-32": which data and how wide, for lists (also for drafts that are not valid yet). */
export function describeDraft(draft: ExperimentDraft): string {
  const { dataset } = draft;
  const data = 'synthetic' in dataset ? dataset.synthetic : 'stored' in dataset ? dataset.stored.replace(/^builtin\//, '') : 'file';
  const hidden = draft.model.layers.slice(0, -1).map((layer) => layer.units);
  return `${'stored' in dataset && !dataset.stored.startsWith('builtin/') ? 'imported data' : data} · ${hidden.length ? hidden.join('-') : 'no hidden layer'}`;
}

/** A seed users can read back: a whole number below a million. */
export function newSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 1_000_000);
}
