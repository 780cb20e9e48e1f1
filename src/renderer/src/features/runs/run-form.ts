import { describeIssue } from '../../../../shared/schema/protocol';
import { ExperimentSchema, type Experiment, type ExperimentInput } from '../../../../shared/schema/experiment';
import type { ActivationName, OptimizerName, SyntheticDatasetName } from '../../../../shared/schema/names';

// The run form's state and its translation into an experiment. Numbers stay the strings the user
// typed until Train is pressed; the shared schema then decides what is valid, and its message is
// reworded with the form's own labels so the user knows which box to fix.

export interface HiddenLayerField {
  units: string;
  activation: ActivationName;
}

/** Output layer and loss, paired the way the tutorials pair them. */
export type OutputChoice = 'sigmoid' | 'softmax' | 'linear';

/** A generated dataset by name, or a shipped or imported one by its `stored` id. */
export type DatasetChoice = SyntheticDatasetName | `stored:${string}`;

export const storedChoice = (id: string): DatasetChoice => `stored:${id}`;
export const isStoredChoice = (choice: DatasetChoice): choice is `stored:${string}` => choice.startsWith('stored:');

export interface RunFormState {
  dataset: DatasetChoice;
  samples: string;
  noise: string;
  hidden: HiddenLayerField[];
  output: OutputChoice;
  optimizer: OptimizerName;
  learningRate: string;
  epochs: string;
  /** A number, or "full" for full-batch gradient descent. */
  batchSize: string;
  validationPercent: string;
  seed: string;
}

/** Two spirals with a network that can learn them: about 90 % validation accuracy in seconds. */
export const DEFAULT_RUN_FORM: RunFormState = {
  dataset: 'spirals',
  samples: '',
  noise: '',
  hidden: [
    { units: '32', activation: 'tanh' },
    { units: '32', activation: 'tanh' },
  ],
  output: 'sigmoid',
  optimizer: 'adam',
  learningRate: '0.01',
  epochs: '300',
  batchSize: '16',
  validationPercent: '20',
  seed: '1',
};

/** A single sigmoid unit only describes two classes. */
export function outputChoices(classes: number): OutputChoice[] {
  // No classes: a regression dataset, whose targets a linear layer predicts.
  if (classes === 0) return ['linear'];
  return classes === 2 ? ['sigmoid', 'softmax'] : ['softmax'];
}

export const OUTPUT_LABELS: Record<OutputChoice, string> = {
  sigmoid: 'sigmoid · binary cross-entropy',
  softmax: 'softmax · categorical cross-entropy',
  linear: 'linear · mean squared error',
};

const optional = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/** `classes` 0 means regression with `targets` outputs. */
export function toExperimentInput(form: RunFormState, classes: number, targets = 1): ExperimentInput {
  const output = classes === 0
    ? { layer: { units: targets, activation: 'linear' as const }, loss: 'mse' as const }
    : form.output === 'sigmoid' && classes === 2
      ? { layer: { units: 1, activation: 'sigmoid' as const }, loss: 'binaryCrossEntropy' as const }
      : { layer: { units: classes, activation: 'softmax' as const }, loss: 'categoricalCrossEntropy' as const };
  const seed = Number(form.seed);
  return {
    dataset: isStoredChoice(form.dataset)
      ? { stored: form.dataset.slice('stored:'.length) }
      : { synthetic: form.dataset, samples: optional(form.samples), noise: optional(form.noise), seed },
    model: {
      layers: [...form.hidden.map((layer) => ({ units: Number(layer.units), activation: layer.activation })), output.layer],
      loss: output.loss,
    },
    training: {
      optimizer: { name: form.optimizer, learningRate: Number(form.learningRate) },
      epochs: Number(form.epochs),
      batchSize: form.batchSize.trim().toLowerCase() === 'full' ? 'full' : Number(form.batchSize),
      validationSplit: Number(form.validationPercent) / 100,
      seed,
    },
  };
}

/** Every number box with its label: the first one that is empty or not a number is reported as such. */
function numberFields(form: RunFormState): { label: string; text: string; optional?: boolean }[] {
  return [
    { label: 'Samples', text: form.samples, optional: true },
    { label: 'Noise', text: form.noise, optional: true },
    ...form.hidden.map((layer, i) => ({ label: `Hidden layer ${i + 1} units`, text: layer.units })),
    { label: 'Learning rate', text: form.learningRate },
    { label: 'Epochs', text: form.epochs },
    { label: 'Validation %', text: form.validationPercent },
    { label: 'Seed', text: form.seed },
  ];
}

function formProblem(form: RunFormState): string | undefined {
  for (const { label, text, optional: canBeEmpty } of numberFields(form)) {
    if (text.trim() === '') {
      if (!canBeEmpty) return `${label}: enter a number`;
    } else if (!Number.isFinite(Number(text))) return `${label}: “${text}” is not a number`;
  }
  const batch = form.batchSize.trim();
  if (batch.toLowerCase() !== 'full' && !/^[1-9]\d*$/.test(batch)) return 'Batch size: enter a whole number ≥ 1, or “full”';
  const percent = Number(form.validationPercent);
  if (percent < 0 || percent > 90) return 'Validation %: expected a percentage from 0 to 90';
  return undefined;
}

const SCHEMA_FIELD_LABELS: [RegExp, (match: RegExpMatchArray) => string][] = [
  [/^dataset\.samples$/, () => 'Samples'],
  [/^dataset\.noise$/, () => 'Noise'],
  [/^(dataset|training)\.seed$/, () => 'Seed'],
  [/^model\.layers\.(\d+)\.units$/, (m) => `Hidden layer ${Number(m[1]) + 1} units`],
  [/^training\.optimizer\.learningRate$/, () => 'Learning rate'],
  [/^training\.epochs$/, () => 'Epochs'],
];

/** The experiment the form describes, or a sentence naming the field to fix. */
export function parseRunForm(form: RunFormState, classes: number, targets = 1): { experiment: Experiment } | { error: string } {
  const problem = formProblem(form);
  if (problem) return { error: problem };
  const parsed = ExperimentSchema.safeParse(toExperimentInput(form, classes, targets));
  if (parsed.success) return { experiment: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue.path.join('.');
  for (const [pattern, label] of SCHEMA_FIELD_LABELS) {
    const match = path.match(pattern);
    if (match) return { error: `${label(match)}: ${issue.message}` };
  }
  return { error: describeIssue(parsed.error) };
}
