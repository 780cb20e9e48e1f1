import type { Task } from '../../../../shared/data/dataset';
import { ACTIVATIONS } from '../../../../shared/nn/activations';
import { LOSSES } from '../../../../shared/nn/losses';
import { ACTIVATION_NAMES, LOSS_NAMES, type ActivationName, type LossName } from '../../../../shared/schema/names';

// Which loss goes with which output activation. The registries know the fused pairs (sigmoid +
// binary cross-entropy, softmax + categorical cross-entropy); a linear output goes with mean
// squared error. Other valid pairs train, only less well, and the tutorials use some of them
// (sigmoid + SSE), so they get a warning that says why, never a block. Pairs that cannot train at
// all are reported by the engine's own model/data check.

/** The loss the tutorials pair with an output activation for the task. */
export function pairedLoss(activation: ActivationName, task: Task): LossName {
  if (task === 'regression') return 'mse';
  const fused = LOSS_NAMES.find((name) => LOSSES[name].fusedActivation === activation);
  return fused ?? (activation === 'linear' ? 'mse' : 'binaryCrossEntropy');
}

/**
 * The outputs the quick form offers, each with its paired loss: linear for regression, softmax
 * for classes, and a single sigmoid unit as well when there are exactly two.
 */
export function usualOutputActivations(task: Task, classes: number): ActivationName[] {
  if (task === 'regression') return ['linear'];
  return classes === 2 ? ['sigmoid', 'softmax'] : ['softmax'];
}

/** Activations the output layer may use: all of them (softmax only belongs there). */
export const OUTPUT_ACTIVATIONS: readonly ActivationName[] = ACTIVATION_NAMES;
/** Hidden layers: everything that does not couple the units of a column. */
export const HIDDEN_ACTIVATIONS: readonly ActivationName[] = ACTIVATION_NAMES.filter((name) => !ACTIVATIONS[name].outputOnly);

/** A plain-language warning for a valid but unusual output/loss pair, or null. */
export function pairingWarning(activation: ActivationName, loss: LossName, task: Task): string | null {
  const { needsProbabilities, fusedActivation } = LOSSES[loss];
  if (task === 'classification' && !needsProbabilities && (activation === 'sigmoid' || activation === 'softmax')) {
    return `${activation} with ${loss} trains, as in the first tutorials, but slower than with ${pairedLoss(activation, task)}: near 0 or 1 the ${activation}'s slope is almost flat, so a confidently wrong output gets almost no gradient.`;
  }
  if (task === 'classification' && !needsProbabilities) {
    return `${loss} on a ${activation} output treats the class labels as numbers; a sigmoid or softmax output with cross-entropy is the usual choice for classification.`;
  }
  if (needsProbabilities && fusedActivation !== activation && ACTIVATIONS[activation].range[0] >= 0 && ACTIVATIONS[activation].range[1] <= 1) {
    return `${loss} is usually paired with ${fusedActivation}; with ${activation} the gradient goes through the division by the output and is less stable.`;
  }
  return null;
}
