import type { ActivationSpec, Experiment } from '../../../shared/schema/experiment';
import type { LossName } from '../../../shared/schema/names';
import { formatSetting } from './format';

// Short human descriptions of an experiment, for titles and summaries.

const activationName = (activation: ActivationSpec): string => (typeof activation === 'string' ? activation : activation.name);

/** "16 tanh → 16 tanh → 1 sigmoid (no bias)": the layers after the input. */
export function layersLabel(experiment: Experiment): string {
  return experiment.model.layers.map((layer) => `${layer.units} ${activationName(layer.activation)}${layer.bias === false ? ' (no bias)' : ''}`).join(' → ');
}

/** "spirals · 16-16 tanh · adam 0.01": enough to tell runs apart in a list. */
export function experimentTitle(experiment: Experiment, datasetName: string): string {
  const hidden = experiment.model.layers.slice(0, -1);
  const activations = [...new Set(hidden.map((layer) => activationName(layer.activation)))];
  const shape = hidden.length ? `${hidden.map((layer) => layer.units).join('-')} ${activations.join('/')}` : 'no hidden layer';
  const { optimizer } = experiment.training;
  return `${datasetName} · ${shape} · ${optimizer.name} ${formatSetting(optimizer.learningRate)}`;
}

export const LOSS_LABELS: Record<LossName, string> = {
  sse: 'sum of squared errors Σ(y − ŷ)²',
  mse: 'mean squared error',
  binaryCrossEntropy: 'binary cross-entropy',
  categoricalCrossEntropy: 'categorical cross-entropy',
};
