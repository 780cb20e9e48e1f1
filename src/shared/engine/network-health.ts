import type { Experiment } from '../schema/experiment';
import type { EpochEvent, LayerDiagnostics } from '../schema/progress';
import { pow } from '../nn/math';
import { formatFigure, formatRatio } from './format-figure';

// Plain-language warnings from the per-layer diagnostics (the run page's Network health, and the
// end of the CLI's train): what is wrong, what it means for
// learning, and what usually helps. The latest epoch is compared with the first one recorded
// (epoch 0, the initial weights, in runs that have it). Thresholds are the usual rules of thumb (an
// update/weight ratio near 1e-3 is healthy; a gradient a thousand times smaller than another
// layer's means the early layers have stopped learning; growth by orders of magnitude is an
// explosion).

export interface HealthWarning {
  kind: 'symmetry' | 'zero-gradient' | 'exploding' | 'vanishing' | 'dead' | 'saturated' | 'stalled';
  text: string;
}

const VANISHING_RATIO = 1e-3;
/** Growth since the first recorded epoch that counts as exploding. */
const GROWTH = 100;
/** Sizes no healthy network of these sizes reaches, whatever it started from. */
const LARGE = { weightNorm: 1e3, gradientNorm: 1e3, activation: 1e3 };
/** Change of the activations' size from the first hidden layer to the last that counts as exploding or vanishing through depth. */
const DEPTH_RATIO = 100;
const DEAD_SHARE = 0.5;
const SATURATED_SHARE = 0.5;
const STALLED_UPDATE = 1e-6;

const percent = (share: number) => `${Math.round(share * 100)} %`;
/** Layer numbers (from 1) of layer indices: "2", "1 and 3", "1, 2 and 3". */
const numberList = (indices: readonly number[]) => {
  const numbers = indices.map((l) => l + 1);
  return numbers.length === 1 ? `${numbers[0]}` : `${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
};
const layerList = (indices: readonly number[]) => `${indices.length === 1 ? 'layer' : 'layers'} ${numberList(indices)}`;
/** Root mean square of a layer's activations, from their mean and standard deviation. */
const activationRms = (layer: LayerDiagnostics) => Math.sqrt(layer.activationMean * layer.activationMean + layer.activationStd * layer.activationStd);

const FIGURES = [
  { name: 'weights', value: (layer: LayerDiagnostics) => layer.weightNorm, symbol: '‖W‖', large: LARGE.weightNorm },
  { name: 'activations', value: activationRms, symbol: 'activation RMS', large: LARGE.activation },
  { name: 'gradients', value: (layer: LayerDiagnostics) => layer.gradientNorm, symbol: '‖dW‖', large: LARGE.gradientNorm },
] as const;

/**
 * One sentence per figure that exploded in some layer — not finite, grown by orders of magnitude
 * since the first recorded epoch, or larger than any healthy network's — with the worst layer's numbers.
 */
function explosions(layers: readonly LayerDiagnostics[], initial: readonly LayerDiagnostics[], since: string): string[] {
  return FIGURES.flatMap((figure) => {
    const values = layers.map(figure.value);
    // A layer the first epoch lacks (a record from an edited model) has no start to grow from.
    const starts = layers.map((_, l) => (initial[l] ? figure.value(initial[l]) : 0));
    const overflowed = values.flatMap((v, l) => (Number.isFinite(v) ? [] : [l]));
    if (overflowed.length) return [`${figure.name} overflowed in ${layerList(overflowed)} (${figure.symbol} is ${formatFigure(values[overflowed[0]])})`];
    const growth = values.map((v, l) => (starts[l] > 0 ? v / starts[l] : 0));
    const grown = growth.flatMap((g, l) => (g >= GROWTH ? [l] : []));
    if (grown.length) {
      const worst = grown.reduce((a, b) => (growth[b] > growth[a] ? b : a));
      return [`${figure.name} grew up to ${formatRatio(growth[worst])} ${since} in ${layerList(grown)} (${figure.symbol} of layer ${worst + 1}: ${formatFigure(starts[worst])} → ${formatFigure(values[worst])})`];
    }
    const huge = values.flatMap((v, l) => (v > figure.large ? [l] : []));
    if (huge.length) {
      const worst = huge.reduce((a, b) => (values[b] > values[a] ? b : a));
      return [`${figure.name} are far too large in ${layerList(huge)} (${figure.symbol} up to ${formatFigure(values[worst])} in layer ${worst + 1}; healthy stays below about ${formatFigure(figure.large)})`];
    }
    return [];
  });
}

const LIMITS = {
  tanh: 'a tanh output at exactly ±1 has slope 1 − A² = 0',
  sigmoid: 'a sigmoid output at exactly 0 or 1 has slope A(1 − A) = 0',
} as const;

/**
 * Why no error gets through saturated sigmoid/tanh layers: float64 rounds their outputs to the
 * limits themselves once |Z| is large (tanh beyond about 19), where the slope is exactly 0. Large
 * inputs put a first layer there, which normalizing them undoes.
 */
function saturationCause(saturated: readonly { layer: number; name: keyof typeof LIMITS; share: number }[]): string {
  const shares = saturated.map(({ layer, name, share }) => `${percent(share)} of layer ${layer + 1}'s ${name} outputs`);
  const list = shares.length === 1 ? shares[0] : `${shares.slice(0, -1).join(', ')} and ${shares.at(-1)}`;
  const slopes = [...new Set(saturated.map(({ name }) => LIMITS[name]))].join(' and ');
  return (
    `${list} are saturated, and ${slopes} (float64 rounds the output of a large Z to that limit), so no error passes back through them. ` +
    'Inputs far from 0 (features in the hundreds or thousands) saturate the units they reach: normalize the inputs (standardize them), or start from smaller weights (Xavier).'
  );
}

/** The activations' size growing or shrinking by orders of magnitude from the first hidden layer to the last. */
function depthWarning(layers: readonly LayerDiagnostics[]): HealthWarning | null {
  const hiddenCount = layers.length - 1;
  if (hiddenCount < 2) return null;
  const first = activationRms(layers[0]);
  const last = activationRms(layers[hiddenCount - 1]);
  // An overflowed layer is named by explosions(); a ratio to or from ∞ says nothing more.
  if (!(first > 0) || !Number.isFinite(first) || !Number.isFinite(last)) return null;
  const ratio = last / first;
  if (ratio < DEPTH_RATIO && ratio > 1 / DEPTH_RATIO) return null;
  const perLayer = formatFigure(pow(ratio, 1 / (hiddenCount - 1)));
  const grows = ratio >= DEPTH_RATIO;
  return {
    kind: grows ? 'exploding' : 'vanishing',
    text:
      `${grows ? 'Exploding' : 'Vanishing'} activations through depth: their RMS goes from ${formatFigure(first)} in layer 1 to ${formatFigure(last)} in layer ${hiddenCount}, about ${perLayer}× per layer. ` +
      `The weights ${grows ? 'amplify' : 'damp'} the signal at every layer, so ${grows ? 'it explodes' : 'it fades'} with depth${grows ? '' : ' and so do the gradients'}. ` +
      'He initialization (for ReLU) or Xavier (for tanh and sigmoid) scales each layer\'s weights to its number of inputs so the signal keeps its size.',
  };
}

export function networkWarnings(experiment: Experiment, events: readonly EpochEvent[]): HealthWarning[] {
  const last = events.at(-1);
  if (!last) return [];
  const first = events[0];
  const layers = last.layers;
  const spec = (l: number) => experiment.model.layers[l];
  const activationOf = (l: number) => {
    const activation = spec(l)?.activation;
    return typeof activation === 'string' ? activation : activation?.name;
  };
  const hidden = (l: number) => l < layers.length - 1;
  const warnings: HealthWarning[] = [];

  // Copies of one unit stay copies: named first, because it explains the zero gradients below.
  layers.forEach((layer, l) => {
    const units = spec(l)?.units ?? 0;
    const distinct = layer.distinctUnits;
    // Absent in old records; 0 only in a malformed one (a layer with units has at least 1 distinct).
    if (!hidden(l) || distinct === undefined || distinct < 1 || distinct >= units) return;
    const copies = distinct === 1 ? `all ${units} units of layer ${l + 1} are identical` : `layer ${l + 1} has only ${distinct} different units among its ${units}; the others are copies`;
    warnings.push({
      kind: 'symmetry',
      text:
        `The symmetry problem: ${copies} — same incoming weights, same bias, same outgoing weights. Identical units compute the same output, ` +
        `receive the same gradient and make the same update, so they stay identical forever and the layer works like ${distinct === 1 ? 'a single unit' : `${distinct} units`}. ` +
        'Random initialization breaks the symmetry: units that start from different random weights get different gradients and learn different features. ' +
        'Use uniform, normal, Xavier or He instead of zeros or constant weights.',
    });
  });

  const zero = layers.flatMap((layer, l) => (layer.gradientNorm === 0 ? [l] : []));
  if (zero.length > 0) {
    const every = zero.length === layers.length;
    // A layer's error comes back through its own slopes and those of the layers after it: a
    // zero-gradient sigmoid/tanh layer that is saturated passed none, its units at their limits
    // exactly, which also explains every zero layer before it.
    const saturated = zero.flatMap((l) => {
      const name = activationOf(l);
      return hidden(l) && (name === 'sigmoid' || name === 'tanh') && layers[l].saturatedFraction >= SATURATED_SHARE ? [{ layer: l, name, share: layers[l].saturatedFraction }] : [];
    });
    const unexplained = zero.filter((l) => !saturated.some(({ layer }) => layer >= l));
    const otherCauses =
      'multiplied by outgoing weights that are all 0 (zeros initialization), cancels exactly over the samples (identical units), or passes through units that never fire (dead ReLUs).';
    warnings.push({
      kind: 'zero-gradient',
      text:
        `Zero gradients: ‖dW‖ is exactly 0 in ${every ? 'every layer' : layerList(zero)}, so ${every ? 'no weight can' : zero.length === 1 ? 'its weights cannot' : 'their weights cannot'} change. ` +
        'This is not a small gradient but none at all: ' +
        (saturated.length === 0
          ? `the error reaching those weights is ${otherCauses}`
          : saturationCause(saturated) + (unexplained.length > 0 ? ` In ${layerList(unexplained)} the error is ${otherCauses}` : '')),
    });
  }

  const since = first.epoch === 0 ? 'since initialization' : `since epoch ${first.epoch}`;
  // With one event, first and last are the same epoch: every growth is 1×, so nothing grew.
  const exploded = explosions(layers, first.layers, since);
  if (exploded.length > 0) {
    warnings.push({
      kind: 'exploding',
      text: `Exploding: ${exploded.join('; ')}. Values this large saturate or overflow, and updates this large throw the weights around: lower the learning rate, normalize the inputs, start from smaller weights (Xavier or He scale them to the layer), or clip the gradient norm.`,
    });
  }
  const depth = depthWarning(layers);
  if (depth) warnings.push(depth);

  // Tiny gradients after an explosion are its symptom (saturated units), not vanishing; exact
  // zeros are named above. Without an explosion every gradient norm is finite (a non-finite one
  // is an overflow). Only hidden layers vanish: the output layer's error arrives undamped.
  if (exploded.length === 0) {
    const norms = layers.map((layer) => layer.gradientNorm);
    const largest = Math.max(...norms);
    const vanished = norms.flatMap((norm, l) => (hidden(l) && norm > 0 && norm < VANISHING_RATIO * largest ? [l] : []));
    if (vanished.length > 0) {
      const ratio = formatRatio(largest / Math.min(...vanished.map((l) => norms[l])));
      const one = vanished.length === 1;
      warnings.push({
        kind: 'vanishing',
        text:
          `Vanishing gradients: ${layerList(vanished)} ${one ? `gets a gradient ${ratio}` : `get gradients up to ${ratio}`} smaller than the largest, so ${one ? 'it barely learns' : 'they barely learn'}. ` +
          'ReLU-family activations, He or Xavier initialization, or fewer layers help.',
      });
    }
  }

  layers.forEach((layer, l) => {
    const name = activationOf(l);
    if (layer.deadFraction >= DEAD_SHARE) {
      warnings.push({
        kind: 'dead',
        text: `Dead ReLUs: ${percent(layer.deadFraction)} of layer ${l + 1}'s units output 0 for every training sample, so they no longer learn. A lower learning rate, leakyRelu, or He initialization keeps them alive.`,
      });
    }
    if (hidden(l) && layer.saturatedFraction >= SATURATED_SHARE && (name === 'sigmoid' || name === 'tanh')) {
      warnings.push({
        kind: 'saturated',
        text: `Saturated ${name}: ${percent(layer.saturatedFraction)} of layer ${l + 1}'s outputs sit in the flat tails, where the slope is almost 0, so those units learn slowly. If the loss has stalled, smaller initial weights (Xavier), normalized inputs or a lower learning rate help.`,
      });
    }
  });
  const stalled = layers.flatMap((layer, l) => (events.length > 1 && layer.updateRatio > 0 && layer.updateRatio < STALLED_UPDATE ? [l] : []));
  if (stalled.length > 0) {
    const largest = formatFigure(Math.max(...stalled.map((l) => layers[l].updateRatio)));
    const one = stalled.length === 1;
    warnings.push({
      kind: 'stalled',
      text:
        `${one ? `Layer ${numberList(stalled)} barely changes: the last update was ${largest}` : `Layers ${numberList(stalled)} barely change: the last update was at most ${largest}`} ` +
        'of the weights (around 1e-3 is healthy). Raise the learning rate if the loss is still high.',
    });
  }
  return warnings;
}
