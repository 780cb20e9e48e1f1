import { planSweep, type SweepPlan } from '../../../../shared/engine/sweep-plan';
import type { Experiment } from '../../../../shared/schema/experiment';
import { describeIssue } from '../../../../shared/schema/protocol';
import { SweepSchema, type ParameterAlias, type ParameterValues, type Sweep } from '../../../../shared/schema/sweep';

// The sweep form's state and its translation into a sweep definition. Values stay the text the
// user typed until the plan is made; the planner then says which combination is invalid, and the
// form shows the run count (or the problem) before anything starts.

export type ValuesMode = 'list' | 'range';

export interface ParameterField {
  name: ParameterAlias;
  mode: ValuesMode;
  /** Comma-separated values, for mode "list". */
  list: string;
  min: string;
  max: string;
  steps: string;
  scale: 'linear' | 'log';
}

export interface SweepFormState {
  name: string;
  parameters: ParameterField[];
  method: 'grid' | 'random';
  samples: string;
  randomSeed: string;
  repeats: string;
  /** Successive halving: comma-separated epochs at which the worse half stops; empty for none. */
  halvingAt: string;
}

/** What each alias means to a user, in the order the picker lists them. */
export const PARAMETER_LABELS: Record<ParameterAlias, string> = {
  learningRate: 'Learning rate',
  width: 'Hidden width',
  depth: 'Depth (hidden layers)',
  activation: 'Hidden activation',
  optimizer: 'Optimizer',
  batchSize: 'Batch size',
  epochs: 'Epochs',
  l2: 'L2 weight decay',
  dropout: 'Dropout',
  init: 'Weight initializer',
  seed: 'Seed',
};

/** What each alias changes in the experiment, for the picker's tooltip. */
export const PARAMETER_HELP: Record<ParameterAlias, string> = {
  learningRate: "The optimizer's learning rate",
  width: 'Units of every hidden layer',
  depth: 'Number of hidden layers: more repeat the last one, fewer keep the first ones',
  activation: 'Activation of every hidden layer (e.g. relu, tanh)',
  optimizer: 'sgd, momentum, rmsprop or adam, keeping the learning rate',
  batchSize: 'Rows per mini-batch, or full',
  epochs: 'Epochs of training',
  l2: 'L2 weight decay λ',
  dropout: 'Dropout rate of every hidden layer',
  init: 'Weight initializer (e.g. heNormal, xavierUniform)',
  seed: 'Training seed (each combination adds 0, 1, … for its repeats)',
};

export function newParameterField(name: ParameterAlias): ParameterField {
  const log = name === 'learningRate' || name === 'l2';
  return { name, mode: 'list', list: '', min: log ? '0.0001' : '1', max: log ? '0.1' : '8', steps: '4', scale: log ? 'log' : 'linear' };
}

export const DEFAULT_SWEEP_FORM: SweepFormState = {
  name: '',
  parameters: [
    { ...newParameterField('learningRate'), list: '0.03, 0.01, 0.003' },
    { ...newParameterField('width'), list: '8, 32' },
  ],
  method: 'grid',
  samples: '10',
  randomSeed: '0',
  repeats: '1',
  halvingAt: '',
};

/** "0.1, relu, 1e-3" → [0.1, 'relu', 0.001]: numbers where the text is a number, names otherwise. */
export function parseValueList(text: string): (number | string)[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (Number.isFinite(Number(part)) ? Number(part) : part));
}

function parameterValues(field: ParameterField): ParameterValues {
  if (field.mode === 'list') return parseValueList(field.list);
  const steps = field.steps.trim() === '' ? undefined : Number(field.steps);
  return { min: Number(field.min), max: Number(field.max), ...(steps !== undefined ? { steps } : {}), scale: field.scale };
}

export interface ParsedSweepForm {
  sweep: Sweep;
  plan: SweepPlan;
}

/** The sweep the form describes with its plan, or a sentence naming what to fix. */
export function parseSweepForm(form: SweepFormState, base: Experiment): ParsedSweepForm | { error: string } {
  const names = form.parameters.map((field) => field.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) return { error: `${PARAMETER_LABELS[repeated]} is listed twice; keep one row per parameter` };
  const input = {
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    experiment: base,
    parameters: Object.fromEntries(form.parameters.map((field) => [field.name, parameterValues(field)])),
    method: form.method === 'grid' ? 'grid' : { name: 'random', samples: Number(form.samples), seed: Number(form.randomSeed) },
    repeats: Number(form.repeats),
    ...(form.halvingAt.trim() ? { halving: { at: parseValueList(form.halvingAt) } } : {}),
  };
  const parsed = SweepSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [first, second] = issue.path;
    if (first === 'parameters' && typeof second === 'string' && Object.hasOwn(PARAMETER_LABELS, second)) {
      return { error: `${PARAMETER_LABELS[second as ParameterAlias]}: ${issue.message}` };
    }
    if (first === 'repeats') return { error: `Seeds per combination: ${issue.message}` };
    if (first === 'halving') return { error: `Halving at epochs: ${issue.message}` };
    if (first === 'method') return { error: `Random samples: ${issue.message}` };
    return { error: describeIssue(parsed.error) };
  }
  try {
    return { sweep: parsed.data, plan: planSweep(parsed.data) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
