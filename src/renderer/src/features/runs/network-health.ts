import type { Experiment } from '../../../../shared/schema/experiment';
import type { EpochEvent } from '../../../../shared/schema/progress';

// Plain-language warnings from the per-layer diagnostics of the latest epoch: what is wrong, what
// it means for learning, and what usually helps. Thresholds are the usual rules of thumb (an
// update/weight ratio near 1e-3 is healthy; a gradient a thousand times smaller than another
// layer's means the early layers have stopped learning).

export interface HealthWarning {
  kind: 'vanishing' | 'exploding' | 'dead' | 'saturated' | 'stalled';
  text: string;
}

const VANISHING_RATIO = 1e-3;
const EXPLODING_GRADIENT = 1e3;
const WEIGHT_GROWTH = 100;
const DEAD_SHARE = 0.5;
const SATURATED_SHARE = 0.5;
const STALLED_UPDATE = 1e-6;

const percent = (share: number) => `${Math.round(share * 100)} %`;

export function networkWarnings(experiment: Experiment, events: readonly EpochEvent[]): HealthWarning[] {
  const last = events.at(-1);
  if (!last || last.layers.length === 0) return [];
  const first = events[0];
  const layers = last.layers;
  const activationOf = (l: number) => {
    const spec = experiment.model.layers[l]?.activation;
    return typeof spec === 'string' ? spec : spec?.name;
  };
  const warnings: HealthWarning[] = [];

  const exploding = layers.findIndex((layer) => !Number.isFinite(layer.gradientNorm) || layer.gradientNorm > EXPLODING_GRADIENT);
  const grown = layers.findIndex((layer, l) => first.layers[l] && layer.weightNorm > WEIGHT_GROWTH * first.layers[l].weightNorm);
  if (exploding >= 0) {
    warnings.push({
      kind: 'exploding',
      text: `Exploding gradients: layer ${exploding + 1}'s gradient norm is ${layers[exploding].gradientNorm.toExponential(1)}. Updates this large throw the weights around; lower the learning rate, normalize the inputs, or clip the gradient norm.`,
    });
  } else if (grown >= 0) {
    warnings.push({
      kind: 'exploding',
      text: `Layer ${grown + 1}'s weights grew more than ${WEIGHT_GROWTH}× since epoch ${first.epoch} (norm ${layers[grown].weightNorm.toPrecision(3)}): training may be diverging. A lower learning rate or L2 keeps them in check.`,
    });
  }

  const norms = layers.map((layer) => layer.gradientNorm);
  const largest = Math.max(...norms);
  const smallest = norms.indexOf(Math.min(...norms));
  if (layers.length > 1 && largest > 0 && norms[smallest] < VANISHING_RATIO * largest && smallest < layers.length - 1) {
    warnings.push({
      kind: 'vanishing',
      text: `Vanishing gradients: layer ${smallest + 1} gets a gradient ${Math.round(largest / Math.max(norms[smallest], Number.MIN_VALUE)).toLocaleString('en-US')}× smaller than the largest, so it barely learns. ReLU-family activations, He or Xavier initialization, or fewer layers help.`,
    });
  }

  layers.forEach((layer, l) => {
    const name = activationOf(l);
    const hidden = l < layers.length - 1;
    if (layer.deadFraction >= DEAD_SHARE) {
      warnings.push({
        kind: 'dead',
        text: `Dead ReLUs: ${percent(layer.deadFraction)} of layer ${l + 1}'s units output 0 for every training sample, so they no longer learn. A lower learning rate, leakyRelu, or He initialization keeps them alive.`,
      });
    }
    if (hidden && layer.saturatedFraction >= SATURATED_SHARE && (name === 'sigmoid' || name === 'tanh')) {
      warnings.push({
        kind: 'saturated',
        text: `Saturated ${name}: ${percent(layer.saturatedFraction)} of layer ${l + 1}'s outputs sit in the flat tails, where the slope is almost 0, so those units learn slowly. If the loss has stalled, smaller initial weights (Xavier), normalized inputs or a lower learning rate help.`,
      });
    }
    if (events.length > 1 && layer.updateRatio > 0 && layer.updateRatio < STALLED_UPDATE) {
      warnings.push({
        kind: 'stalled',
        text: `Layer ${l + 1} barely changes: its last update was ${layer.updateRatio.toExponential(1)} of its weights (around 1e-3 is healthy). Raise the learning rate if the loss is still high.`,
      });
    }
  });
  return warnings;
}
