import { describe, expect, it } from 'vitest';
import { networkWarnings } from '../../../../src/shared/engine/network-health';
import { ExperimentSchema, type ExperimentInput } from '../../../../src/shared/schema/experiment';
import type { EpochEvent, LayerDiagnostics } from '../../../../src/shared/schema/progress';

// Each rule of the run page's Network health (and the end of the CLI's train) on hand-made
// diagnostics: just inside and just outside every threshold, the exact sentences a user reads,
// which layer is named when several qualify, and NaN / ∞ / 0 figures.

const healthy: LayerDiagnostics = { weightNorm: 1, gradientNorm: 0.1, updateRatio: 1e-3, activationMean: 0, activationStd: 0.5, deadFraction: 0, saturatedFraction: 0 };

function model(...layers: ExperimentInput['model']['layers']) {
  return ExperimentSchema.parse({
    dataset: { synthetic: 'moons', samples: 100, seed: 1 },
    model: { layers, loss: 'binaryCrossEntropy' },
    training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 10, seed: 1 },
  });
}
/** Three hidden ReLU layers of 4 units and a sigmoid output. */
const deep = model(...Array.from({ length: 3 }, () => ({ units: 4, activation: 'relu' as const })), { units: 1, activation: 'sigmoid' });
/** One hidden layer. */
const shallow = model({ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' });

function event(epoch: number, layers: Partial<LayerDiagnostics>[]): EpochEvent {
  return { epoch, epochs: 10, train: { loss: 0.5 }, learningRate: 0.1, seconds: epoch, layers: layers.map((layer) => ({ ...healthy, ...layer })) };
}
const same = (count: number, layer: Partial<LayerDiagnostics> = {}) => Array.from({ length: count }, () => layer);
/** Warnings of a run whose epoch 1 was healthy and whose epoch 5 has these layers. */
const after = (experiment: ReturnType<typeof model>, layers: Partial<LayerDiagnostics>[]) => networkWarnings(experiment, [event(1, same(layers.length)), event(5, layers)]);
const texts = (warnings: { text: string }[]) => warnings.map((warning) => warning.text);
const kinds = (warnings: { kind: string }[]) => warnings.map((warning) => warning.kind);

const EXPLODING_ADVICE =
  'Values this large saturate or overflow, and updates this large throw the weights around: lower the learning rate, normalize the inputs, start from smaller weights (Xavier or He scale them to the layer), or clip the gradient norm.';
const DEPTH_ADVICE = "He initialization (for ReLU) or Xavier (for tanh and sigmoid) scales each layer's weights to its number of inputs so the signal keeps its size.";

describe('nothing to read', () => {
  it('has no warning without events, or for an event without layers', () => {
    expect(networkWarnings(deep, [])).toEqual([]);
    expect(networkWarnings(deep, [event(0, []), event(1, [])])).toEqual([]);
  });

  it('reads records that do not match the model without crashing: more layers than the experiment, a first epoch with fewer', () => {
    const warnings = networkWarnings(shallow, [
      event(0, same(1)),
      event(4, [{}, { saturatedFraction: 0.9, distinctUnits: 1 }, { deadFraction: 0.9, saturatedFraction: 0.9, weightNorm: 500 }]),
    ]);
    // Layer 3 is unknown to the experiment (no activation, no units: neither saturated nor symmetric) and to the
    // first epoch (its weights of 500 grew from no recorded start); its dead share needs neither.
    expect(kinds(warnings)).toEqual(['saturated', 'dead']);
    expect(warnings[1].text).toMatch(/^Dead ReLUs: 90 % of layer 3's units/);
  });
});

describe('the symmetry problem', () => {
  const net = model({ units: 4, activation: 'tanh' }, { units: 2, activation: 'tanh' }, { units: 1, activation: 'sigmoid' });

  it('names a layer whose units are all copies of one, and one with fewer distinct units than units', () => {
    expect(texts(after(net, [{ distinctUnits: 1 }, {}, {}]))).toEqual([
      'The symmetry problem: all 4 units of layer 1 are identical — same incoming weights, same bias, same outgoing weights. Identical units compute the same output, ' +
        'receive the same gradient and make the same update, so they stay identical forever and the layer works like a single unit. ' +
        'Random initialization breaks the symmetry: units that start from different random weights get different gradients and learn different features. ' +
        'Use uniform, normal, Xavier or He instead of zeros or constant weights.',
    ]);
    expect(texts(after(net, [{ distinctUnits: 3 }, {}, {}]))).toEqual([
      'The symmetry problem: layer 1 has only 3 different units among its 4; the others are copies — same incoming weights, same bias, same outgoing weights. Identical units compute the same output, ' +
        'receive the same gradient and make the same update, so they stay identical forever and the layer works like 3 units. ' +
        'Random initialization breaks the symmetry: units that start from different random weights get different gradients and learn different features. ' +
        'Use uniform, normal, Xavier or He instead of zeros or constant weights.',
    ]);
    expect(after(net, [{}, { distinctUnits: 1 }, {}])[0].text).toMatch(/^The symmetry problem: all 2 units of layer 2 are identical — .* works like a single unit\. /);
  });

  it('says nothing when every unit is distinct, for the output layer, for old records without the count, or for a count of 0', () => {
    expect(after(net, [{ distinctUnits: 4 }, { distinctUnits: 2 }, { distinctUnits: 1 }])).toEqual([]);
    expect(after(net, [{}, {}, { distinctUnits: 0 }])).toEqual([]);
    expect(after(net, [{ distinctUnits: undefined }, {}, {}])).toEqual([]);
    expect(after(net, [{ distinctUnits: 0 }, {}, {}])).toEqual([]);
  });
});

describe('zero gradients', () => {
  const tail = ' This is not a small gradient but none at all: the error reaching those weights is multiplied by outgoing weights that are all 0 (zeros initialization), ' +
    'cancels exactly over the samples (identical units), or passes through units that never fire (dead ReLUs).';

  it('says that no weight, its weights or their weights cannot change, with the layers', () => {
    expect(texts(after(deep, same(4, { gradientNorm: 0 })))).toEqual([`Zero gradients: ‖dW‖ is exactly 0 in every layer, so no weight can change.${tail}`]);
    expect(texts(after(deep, [{}, { gradientNorm: 0 }, {}, {}]))).toEqual([`Zero gradients: ‖dW‖ is exactly 0 in layer 2, so its weights cannot change.${tail}`]);
    expect(texts(after(deep, [{ gradientNorm: 0 }, { gradientNorm: 0 }, { gradientNorm: 0 }, {}]))).toEqual([
      `Zero gradients: ‖dW‖ is exactly 0 in layers 1, 2 and 3, so their weights cannot change.${tail}`,
    ]);
    expect(after(deep, [{ gradientNorm: 0 }, {}, {}, { gradientNorm: 0 }])[0].text).toMatch(/^Zero gradients: ‖dW‖ is exactly 0 in layers 1 and 4, so their weights cannot change\./);
  });

  it('does not read a tiny gradient as zero', () => {
    expect(kinds(after(deep, [{}, {}, {}, { gradientNorm: 1e-300 }]))).toEqual([]);
  });
});

describe('zero gradients through saturated units', () => {
  const head = 'Zero gradients: ‖dW‖ is exactly 0 in layer 1, so its weights cannot change. This is not a small gradient but none at all: ';
  const advice =
    'Inputs far from 0 (features in the hundreds or thousands) saturate the units they reach: normalize the inputs (standardize them), or start from smaller weights (Xavier).';
  const tanhLimit = 'a tanh output at exactly ±1 has slope 1 − A² = 0';
  const sigmoidLimit = 'a sigmoid output at exactly 0 or 1 has slope A(1 − A) = 0';
  const other =
    'multiplied by outgoing weights that are all 0 (zeros initialization), cancels exactly over the samples (identical units), or passes through units that never fire (dead ReLUs).';
  const zeroText = (warnings: { kind: string; text: string }[]) => warnings.find((warning) => warning.kind === 'zero-gradient')?.text;
  const twoHidden = (first: 'tanh' | 'sigmoid' | 'relu', second: 'tanh' | 'sigmoid' | 'relu') =>
    model({ units: 4, activation: first }, { units: 4, activation: second }, { units: 1, activation: 'sigmoid' });

  it('names a saturated tanh layer (breast cancer unnormalized: 100 % of layer 1) as the cause, and normalizing the inputs as the cure', () => {
    expect(zeroText(after(shallow, [{ gradientNorm: 0, saturatedFraction: 1 }, {}]))).toBe(
      `${head}100 % of layer 1's tanh outputs are saturated, and ${tanhLimit} (float64 rounds the output of a large Z to that limit), so no error passes back through them. ${advice}`,
    );
    expect(zeroText(after(twoHidden('sigmoid', 'relu'), [{ gradientNorm: 0, saturatedFraction: 0.5 }, {}, {}]))).toBe(
      `${head}50 % of layer 1's sigmoid outputs are saturated, and ${sigmoidLimit} (float64 rounds the output of a large Z to that limit), so no error passes back through them. ${advice}`,
    );
  });

  it('keeps the other causes below half saturated, for ReLU and the output layer, and for a saturated layer with a gradient', () => {
    const generic = `${head}the error reaching those weights is ${other}`;
    expect(zeroText(after(shallow, [{ gradientNorm: 0, saturatedFraction: 0.49 }, {}]))).toBe(generic);
    expect(zeroText(after(twoHidden('relu', 'tanh'), [{ gradientNorm: 0, saturatedFraction: 1 }, {}, {}]))).toBe(generic);
    expect(zeroText(after(shallow, [{}, { gradientNorm: 0, saturatedFraction: 1 }]))).toBe(generic.replace('layer 1', 'layer 2'));
    // Layer 2 saturated but passing a gradient is not what stopped layer 1's.
    expect(zeroText(after(twoHidden('relu', 'tanh'), [{ gradientNorm: 0 }, { saturatedFraction: 1 }, {}]))).toBe(generic);
  });

  it('explains earlier zero layers by a later saturated one, lists each saturated layer and slope, and names layers it does not explain', () => {
    const both = 'Zero gradients: ‖dW‖ is exactly 0 in layers 1 and 2, so their weights cannot change. This is not a small gradient but none at all: ';
    const limit = '(float64 rounds the output of a large Z to that limit), so no error passes back through them.';
    expect(zeroText(after(twoHidden('relu', 'tanh'), [{ gradientNorm: 0 }, { gradientNorm: 0, saturatedFraction: 0.9 }, {}]))).toBe(
      `${both}90 % of layer 2's tanh outputs are saturated, and ${tanhLimit} ${limit} ${advice}`,
    );
    expect(zeroText(after(twoHidden('sigmoid', 'tanh'), [{ gradientNorm: 0, saturatedFraction: 0.6 }, { gradientNorm: 0, saturatedFraction: 1 }, {}]))).toBe(
      `${both}60 % of layer 1's sigmoid outputs and 100 % of layer 2's tanh outputs are saturated, and ${sigmoidLimit} and ${tanhLimit} ${limit} ${advice}`,
    );
    expect(zeroText(after(twoHidden('tanh', 'relu'), [{ gradientNorm: 0, saturatedFraction: 1 }, { gradientNorm: 0 }, {}]))).toBe(
      `${both}100 % of layer 1's tanh outputs are saturated, and ${tanhLimit} ${limit} ${advice} In layer 2 the error is ${other}`,
    );
    const three = model({ units: 4, activation: 'tanh' }, { units: 4, activation: 'tanh' }, { units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' });
    expect(zeroText(after(three, [{ gradientNorm: 0, saturatedFraction: 1 }, { gradientNorm: 0, saturatedFraction: 0.8 }, { gradientNorm: 0, saturatedFraction: 0.7 }, {}]))).toBe(
      'Zero gradients: ‖dW‖ is exactly 0 in layers 1, 2 and 3, so their weights cannot change. This is not a small gradient but none at all: ' +
        `100 % of layer 1's tanh outputs, 80 % of layer 2's tanh outputs and 70 % of layer 3's sigmoid outputs are saturated, and ${tanhLimit} and ${sigmoidLimit} ${limit} ${advice}`,
    );
  });
});

describe('exploding figures', () => {
  it('reads growth by 100× since the first epoch as an explosion, 99.99× not', () => {
    expect(texts(after(shallow, [{ weightNorm: 100 }, {}]))).toEqual([
      `Exploding: weights grew up to 100× since epoch 1 in layer 1 (‖W‖ of layer 1: 1 → 100). ${EXPLODING_ADVICE}`,
    ]);
    expect(after(shallow, [{ weightNorm: 99.99 }, {}])).toEqual([]);
  });

  it('counts from initialization when the first event is epoch 0, and never from a start of 0', () => {
    expect(networkWarnings(shallow, [event(0, same(2)), event(3, [{}, { gradientNorm: 10 }])])[0].text).toMatch(
      /^Exploding: gradients grew up to 100× since initialization in layer 2 \(‖dW‖ of layer 2: 0\.1 → 10\)\. /,
    );
    expect(networkWarnings(shallow, [event(0, [{ weightNorm: 0 }, {}]), event(3, same(2, { weightNorm: 50 }))])).toEqual([]);
  });

  it('with one event, nothing has grown', () => {
    expect(networkWarnings(shallow, [event(1, [{ weightNorm: 900 }, {}])])).toEqual([]);
  });

  it('names the layer that grew most, the first of equals', () => {
    expect(after(deep, [{ weightNorm: 200 }, { weightNorm: 500 }, { weightNorm: 300 }, {}])[0].text).toBe(
      `Exploding: weights grew up to 500× since epoch 1 in layers 1, 2 and 3 (‖W‖ of layer 2: 1 → 500). ${EXPLODING_ADVICE}`,
    );
    const tie = networkWarnings(deep, [event(1, [{ weightNorm: 1 }, { weightNorm: 2 }, {}, {}]), event(5, [{ weightNorm: 400 }, { weightNorm: 800 }, {}, {}])]);
    expect(tie[0].text).toMatch(/^Exploding: weights grew up to 400× since epoch 1 in layers 1 and 2 \(‖W‖ of layer 1: 1 → 400\)\. /);
  });

  it('reads figures above 1000 as far too large whatever they started from, 1000 itself not', () => {
    const start = event(0, same(4, { weightNorm: 900, gradientNorm: 900 }));
    expect(networkWarnings(deep, [start, event(4, same(4, { weightNorm: 1000, gradientNorm: 1000 }))])).toEqual([]);
    expect(texts(networkWarnings(deep, [start, event(4, [{ gradientNorm: 2000 }, { gradientNorm: 5000 }, { gradientNorm: 3000 }, { gradientNorm: 1000.5 }])]))).toEqual([
      `Exploding: gradients are far too large in layers 1, 2, 3 and 4 (‖dW‖ up to 5000 in layer 2; healthy stays below about 1000). ${EXPLODING_ADVICE}`,
    ]);
    expect(networkWarnings(deep, [event(0, [{}, { weightNorm: 5000 }, {}, { weightNorm: 5000 }])])[0].text).toMatch(
      /^Exploding: weights are far too large in layers 2 and 4 \(‖W‖ up to 5000 in layer 2; healthy stays below about 1000\)\. /,
    );
  });

  it('measures activations by their RMS, from mean and standard deviation', () => {
    expect(networkWarnings(shallow, [event(0, [{ activationMean: 600, activationStd: 800 }, {}])])).toEqual([]);
    expect(networkWarnings(shallow, [event(0, [{ activationMean: -3000, activationStd: 4000 }, {}])])[0].text).toMatch(
      /^Exploding: activations are far too large in layer 1 \(activation RMS up to 5000 in layer 1; healthy stays below about 1000\)\. /,
    );
  });

  it('names NaN and ∞ as overflow with the first overflowed figure, each figure in its own clause', () => {
    expect(after(deep, [{ weightNorm: NaN }, { weightNorm: Infinity }, {}, {}])[0].text).toBe(`Exploding: weights overflowed in layers 1 and 2 (‖W‖ is NaN). ${EXPLODING_ADVICE}`);
    expect(after(deep, [{}, { gradientNorm: Infinity, activationStd: 2000 }, {}, { weightNorm: 250 }])[0].text).toBe(
      'Exploding: weights grew up to 250× since epoch 1 in layer 4 (‖W‖ of layer 4: 1 → 250); ' +
        'activations grew up to 4,000× since epoch 1 in layer 2 (activation RMS of layer 2: 0.5 → 2000); ' +
        `gradients overflowed in layer 2 (‖dW‖ is ∞). ${EXPLODING_ADVICE}`,
    );
  });
});

describe('activations exploding or vanishing through depth', () => {
  const rms = (...values: number[]) => values.map((activationStd) => ({ activationStd }));

  it('names a 100-fold growth from the first hidden layer to the last, 99.9-fold not', () => {
    expect(networkWarnings(deep, [event(0, rms(1, 10, 100, 0.5))])).toEqual([
      {
        kind: 'exploding',
        text:
          'Exploding activations through depth: their RMS goes from 1 in layer 1 to 100 in layer 3, about 10× per layer. ' +
          `The weights amplify the signal at every layer, so it explodes with depth. ${DEPTH_ADVICE}`,
      },
    ]);
    expect(networkWarnings(deep, [event(0, rms(1, 10, 99.9, 0.5))])).toEqual([]);
  });

  it('names a 100-fold shrinking, 99-fold not', () => {
    expect(networkWarnings(deep, [event(0, rms(100, 10, 1, 0.5))])).toEqual([
      {
        kind: 'vanishing',
        text:
          'Vanishing activations through depth: their RMS goes from 100 in layer 1 to 1 in layer 3, about 0.1× per layer. ' +
          `The weights damp the signal at every layer, so it fades with depth and so do the gradients. ${DEPTH_ADVICE}`,
      },
    ]);
    expect(networkWarnings(deep, [event(0, rms(99, 10, 1, 0.5))])).toEqual([]);
  });

  it('needs two hidden layers: with two, the whole ratio is per layer', () => {
    const two = model({ units: 4, activation: 'relu' }, { units: 4, activation: 'relu' }, { units: 1, activation: 'sigmoid' });
    expect(networkWarnings(two, [event(0, rms(1, 100, 0.5))])[0].text).toMatch(/^Exploding activations through depth: their RMS goes from 1 in layer 1 to 100 in layer 2, about 100× per layer\. /);
    expect(networkWarnings(shallow, [event(0, rms(0.001, 500))])).toEqual([]);
  });

  it('says nothing from a first layer at 0 or NaN, or to or from an overflowed one (named as overflow instead)', () => {
    expect(networkWarnings(deep, [event(0, rms(0, 1, 5, 0.5))])).toEqual([]);
    expect(networkWarnings(deep, [event(0, rms(NaN, 1, 5, 0.5))]).map((warning) => warning.text)).toEqual([
      `Exploding: activations overflowed in layer 1 (activation RMS is NaN). ${EXPLODING_ADVICE}`,
    ]);
    expect(kinds(networkWarnings(deep, [event(0, rms(1, 1, Infinity, 0.5))]))).toEqual(['exploding']);
    expect(kinds(networkWarnings(deep, [event(0, rms(Infinity, 1, 5, 0.5))]))).toEqual(['exploding']);
    expect(networkWarnings(deep, [event(0, rms(Infinity, 1, 5, 0.5))])[0].text).toMatch(/^Exploding: activations overflowed in layer 1 \(activation RMS is ∞\)\. /);
  });
});

describe('vanishing gradients', () => {
  const advice = 'ReLU-family activations, He or Xavier initialization, or fewer layers help.';
  const gradients = (...values: number[]) => values.map((gradientNorm) => ({ gradientNorm }));

  it('names a hidden layer whose gradient is more than 1000× smaller than the largest, exactly 1000× not', () => {
    expect(after(deep, gradients(1, 9.99e-4, 1, 1))).toEqual([
      { kind: 'vanishing', text: `Vanishing gradients: layer 2 gets a gradient 1,001× smaller than the largest, so it barely learns. ${advice}` },
    ]);
    expect(after(deep, gradients(1, 1e-3, 1, 1))).toEqual([]);
    // Against the largest, whatever its size.
    expect(texts(after(deep, gradients(5, 4.5e-3, 5, 5)))).toEqual([`Vanishing gradients: layer 2 gets a gradient 1,111× smaller than the largest, so it barely learns. ${advice}`]);
    expect(after(deep, gradients(5, 5e-3, 5, 5))).toEqual([]);
  });

  it('names every vanishing hidden layer with the largest ratio, even when the output layer is smallest', () => {
    expect(texts(after(deep, gradients(1e-6, 1e-5, 1, 1e-7)))).toEqual([
      `Vanishing gradients: layers 1 and 2 get gradients up to 1.0e6× smaller than the largest, so they barely learn. ${advice}`,
    ]);
    expect(after(deep, gradients(1, 1, 1, 1e-9))).toEqual([]);
  });

  it('names a zero gradient as zero and still names another layer that vanishes', () => {
    expect(kinds(after(deep, gradients(0, 1e-7, 1, 1)))).toEqual(['zero-gradient', 'vanishing']);
    expect(after(deep, gradients(0, 1e-7, 1, 1))[1].text).toMatch(/^Vanishing gradients: layer 2 gets a gradient 1\.0e7× smaller than the largest, so it barely learns\./);
  });

  it('says nothing after an explosion, whose symptom tiny gradients are, nor in a network without hidden layers', () => {
    expect(kinds(after(deep, [{ gradientNorm: 1e-9 }, {}, {}, { gradientNorm: 1e5 }]))).toEqual(['exploding']);
    expect(kinds(after(deep, [{ gradientNorm: 1e-9 }, { weightNorm: NaN }, {}, {}]))).toEqual(['exploding']);
    const single = model({ units: 1, activation: 'sigmoid' });
    expect(networkWarnings(single, [event(1, [{}]), event(2, [{ gradientNorm: 1e-12 }])])).toEqual([]);
  });
});

describe('dead and saturated units', () => {
  const net = model({ units: 4, activation: 'relu' }, { units: 4, activation: 'sigmoid' }, { units: 4, activation: { name: 'tanh' } }, { units: 1, activation: 'sigmoid' });

  it('names half the units dead, not 49 %, in any layer', () => {
    expect(after(net, [{ deadFraction: 0.5 }, {}, {}, {}])).toEqual([
      {
        kind: 'dead',
        text: "Dead ReLUs: 50 % of layer 1's units output 0 for every training sample, so they no longer learn. A lower learning rate, leakyRelu, or He initialization keeps them alive.",
      },
    ]);
    expect(after(net, [{ deadFraction: 0.49 }, {}, {}, {}])).toEqual([]);
    expect(after(net, [{}, {}, {}, { deadFraction: 1 }])[0].text).toMatch(/^Dead ReLUs: 100 % of layer 4's units/);
  });

  it('names half the outputs of a hidden sigmoid or tanh layer in the flat tails, not 49 %, nor ReLU or output layers', () => {
    const sigmoid =
      "Saturated sigmoid: 50 % of layer 2's outputs sit in the flat tails, where the slope is almost 0, so those units learn slowly. If the loss has stalled, smaller initial weights (Xavier), normalized inputs or a lower learning rate help.";
    expect(texts(after(net, [{}, { saturatedFraction: 0.5 }, {}, {}]))).toEqual([sigmoid]);
    expect(after(net, [{}, {}, { saturatedFraction: 0.666 }, {}])[0].text).toMatch(/^Saturated tanh: 67 % of layer 3's outputs sit in the flat tails/);
    expect(after(net, [{}, { saturatedFraction: 0.49 }, {}, {}])).toEqual([]);
    expect(after(net, [{ saturatedFraction: 0.9 }, {}, {}, { saturatedFraction: 0.9 }])).toEqual([]);
  });

  it('lists them layer by layer, in the order of the layers', () => {
    expect(kinds(after(net, [{ deadFraction: 0.6 }, { saturatedFraction: 0.6, deadFraction: 0.6 }, { saturatedFraction: 0.6 }, {}]))).toEqual(['dead', 'dead', 'saturated', 'saturated']);
  });
});

describe('layers that barely change', () => {
  const tail = ' of the weights (around 1e-3 is healthy). Raise the learning rate if the loss is still high.';

  it('names an update below 1e-6 of the weights, 1e-6 itself not, nor 0 (no update yet)', () => {
    expect(after(deep, [{}, { updateRatio: 5e-7 }, { updateRatio: 1e-6 }, { updateRatio: 0 }])).toEqual([
      { kind: 'stalled', text: `Layer 2 barely changes: the last update was 5.0e-7${tail}` },
    ]);
    expect(after(deep, [{}, {}, { updateRatio: 9.99e-7 }, {}])[0].text).toMatch(/^Layer 3 barely changes: /);
  });

  it('merges several layers into one sentence with the largest ratio', () => {
    expect(texts(after(deep, [{ updateRatio: 1e-9 }, { updateRatio: 3e-7 }, { updateRatio: 2e-8 }, {}]))).toEqual([
      `Layers 1, 2 and 3 barely change: the last update was at most 3.0e-7${tail}`,
    ]);
    expect(texts(after(deep, [{ updateRatio: 1e-9 }, {}, {}, { updateRatio: 5e-7 }]))).toEqual([`Layers 1 and 4 barely change: the last update was at most 5.0e-7${tail}`]);
  });

  it('needs a second event: the first alone may be before any real update', () => {
    expect(networkWarnings(deep, [event(1, same(4, { updateRatio: 1e-9 }))])).toEqual([]);
  });
});

describe('all at once', () => {
  it('orders the warnings: symmetry, zero gradients, explosions, depth, vanishing, dead and saturated by layer, stalled', () => {
    const net = model({ units: 4, activation: 'tanh' }, { units: 4, activation: 'relu' }, { units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' });
    const warnings = after(net, [
      { distinctUnits: 2, gradientNorm: 0, activationStd: 0.01, saturatedFraction: 0.8 },
      { deadFraction: 0.75, updateRatio: 1e-8 },
      { weightNorm: 300, activationStd: 5 },
      {},
    ]);
    expect(kinds(warnings)).toEqual(['symmetry', 'zero-gradient', 'exploding', 'exploding', 'saturated', 'dead', 'stalled']);
    expect(warnings[3].text).toMatch(/^Exploding activations through depth: their RMS goes from 0\.01 in layer 1 to 5 in layer 3, about 22\.4× per layer\./);
  });
});
