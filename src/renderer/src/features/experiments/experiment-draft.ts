import type { Dataset } from '../../../../shared/data/dataset';
import { modelDataProblem } from '../../../../shared/engine/prepare';
import { LOSSES } from '../../../../shared/nn/losses';
import { ExperimentSchema, type Experiment, type ExperimentInput } from '../../../../shared/schema/experiment';
import type { ActivationName } from '../../../../shared/schema/names';

// The editor works on an experiment as the user writes it (schema input: defaults may be left
// out, a box being typed may hold NaN). Validity is decided by the shared schema and by the
// engine's own model/data check, never by rules copied here; their messages are keyed by field
// path ("training.optimizer.learningRate") so each one shows under the box it is about.

export type ExperimentDraft = ExperimentInput;
export type DraftLayer = ExperimentDraft['model']['layers'][number];

/** Two spirals with a network that learns them in seconds (about 93 % validation accuracy). */
export const DEFAULT_DRAFT: ExperimentDraft = {
  dataset: { synthetic: 'spirals', samples: 600, seed: 1 },
  model: {
    layers: [
      { units: 32, activation: 'tanh' },
      { units: 32, activation: 'tanh' },
      { units: 1, activation: 'sigmoid' },
    ],
    init: 'heNormal',
    loss: 'binaryCrossEntropy',
  },
  training: { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 16, epochs: 200, seed: 1, validationSplit: 0.2 },
};

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
    if (LOSSES[loss].needsProbabilities) loss = 'mse';
  } else {
    const classes = dataset.target.classes.length;
    if (name === 'linear' || (name === 'sigmoid' && classes > 2)) {
      activation = classes === 2 ? 'sigmoid' : 'softmax';
      loss = classes === 2 ? 'binaryCrossEntropy' : 'categoricalCrossEntropy';
    }
  }
  const units = outputUnitsFor(activationNameOf(activation), dataset);
  if (output.units === units && activation === output.activation && loss === draft.model.loss) return draft;
  return { ...draft, model: { ...draft.model, loss, layers: [...layers.slice(0, -1), { ...output, activation, units }] } };
}

/** "model.layers[2].units" (engine messages) → "model.layers.2.units" (zod paths). */
const normalizePath = (path: string) => path.replace(/\[(\d+)\]/g, '.$1');

/** zod's type messages ("Invalid input: expected number, received NaN") in the words of a form. */
function readable(issue: { code: string; message: string; expected?: unknown }): string {
  if (issue.code !== 'invalid_type' || issue.expected !== 'number') return issue.message;
  return issue.message.endsWith('undefined') ? 'required: enter a number' : 'expected a number';
}

export interface DraftCheck {
  /** The parsed experiment, when the draft is valid and fits the dataset. */
  experiment?: Experiment;
  /** Field path → message, the first problem of each field. */
  issues: Map<string, string>;
}

/** `missing` says why `dataset` is null (still loading, deleted…). */
export function checkDraft(draft: ExperimentDraft, dataset: Dataset | null, missing = 'the dataset could not be loaded'): DraftCheck {
  const issues = new Map<string, string>();
  const parsed = ExperimentSchema.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      if (!issues.has(path)) issues.set(path, readable(issue));
    }
    return { issues };
  }
  if (!dataset) return { issues: new Map([['dataset', missing]]) };
  const problem = modelDataProblem(parsed.data, dataset);
  if (problem) {
    const split = problem.indexOf(': ');
    issues.set(normalizePath(problem.slice(0, split)), problem.slice(split + 2));
    return { issues };
  }
  return { experiment: parsed.data, issues };
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
