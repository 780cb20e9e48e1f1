import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { DiagnosticsAccumulator } from '../../../../src/shared/nn/diagnostics';
import { Network } from '../../../../src/shared/nn/network';
import type { ActivationName } from '../../../../src/shared/schema/names';

// Per-layer health figures on hand-made networks whose every figure is worked out below: weight,
// gradient and update norms, activation mean/std over several batches, dead ReLUs (never active on
// any sample), saturated tanh outputs, and units that are copies of each other.

function network(inputs: number, layers: { activation: ActivationName; W: number[]; b: number[] }[]): Network {
  const net = new Network({ inputs, dtype: 'float64', layers: layers.map((l) => ({ units: l.b.length, activation: resolveActivation(l.activation) })) });
  layers.forEach((l, i) => {
    net.layers[i].W.set(l.W);
    net.layers[i].b.set(l.b);
  });
  return net;
}

describe('DiagnosticsAccumulator', () => {
  // Layer 0 (ReLU, 2 → 4): units 0 and 1 are copies (same row, bias and outgoing column); unit 2
  // shares unit 0's first weight but not its second; unit 3 (z = −x₀ − 5) never fires on x₀ ∈ {1, −1}.
  // Layer 1 (tanh, 4 → 2): z = (2x₀⁺, 4x₀⁺) for x₁ = 0.
  const make = () =>
    network(2, [
      { activation: 'relu', W: [1, 0, 1, 0, 1, 1, -1, 0], b: [0, 0, 0, -5] },
      { activation: 'tanh', W: [1, 1, 0, 0, 2, 2, 0, 0], b: [0, 0] },
    ]);

  it('tallies activations over every batch added, with dead and saturated units', () => {
    const net = make();
    const diagnostics = new DiagnosticsAccumulator(net);
    net.forward(Float64Array.of(1, 0), 1); // A0 = (1, 1, 1, 0), A1 = (tanh 2, tanh 4)
    diagnostics.add(1);
    net.forward(Float64Array.of(-1, 0), 1); // every ReLU off: A0 = 0, A1 = 0
    diagnostics.add(1);
    const [hidden, output] = diagnostics.result(null);
    expect(hidden.activationMean).toBe(3 / 8);
    expect(hidden.activationStd).toBeCloseTo(Math.sqrt(3 / 8 - (3 / 8) ** 2), 15);
    expect(hidden.deadFraction).toBe(1 / 4); // unit 3; units 0–2 fired on the first sample only
    expect(hidden.saturatedFraction).toBe(0); // ReLU has no flat tails
    expect(hidden.distinctUnits).toBe(3);
    expect(hidden.weightNorm).toBe(Math.sqrt(5));
    expect(hidden.updateRatio).toBe(0);

    const t2 = Math.tanh(2);
    const t4 = Math.tanh(4);
    expect(output.activationMean).toBeCloseTo((t2 + t4) / 4, 15);
    expect(output.activationStd).toBeCloseTo(Math.sqrt((t2 * t2 + t4 * t4) / 4 - ((t2 + t4) / 4) ** 2), 15);
    expect(output.saturatedFraction).toBe(1 / 4); // tanh 4 > 0.99; tanh 2 = 0.964 is not
    expect(output.deadFraction).toBe(0); // tanh units cannot die
    expect(output.distinctUnits).toBe(2);
    expect(output.weightNorm).toBe(Math.sqrt(10));
  });

  it('counts a ReLU unit active when any one sample of a batch fires it', () => {
    const net = make();
    const diagnostics = new DiagnosticsAccumulator(net);
    net.forward(Float64Array.of(-1, 1, 0, 0), 2); // x₀ = (−1, 1): units 0–2 fire on the second sample
    diagnostics.add(2);
    expect(diagnostics.result(null)[0].deadFraction).toBe(1 / 4);
  });

  it('counts saturation on both tails of tanh and sigmoid', () => {
    const net = network(1, [
      { activation: 'tanh', W: [10, -10, 0.1], b: [0, 0, 0] },
      { activation: 'sigmoid', W: [10, 0, 0, -10, 0, 0, 0, 0, 0], b: [0, 0, 0] },
    ]);
    const diagnostics = new DiagnosticsAccumulator(net);
    net.forward(Float64Array.of(1), 1); // tanh: (≈1, ≈−1, 0.0997); sigmoid of (≈10, ≈−10, 0)
    diagnostics.add(1);
    const [tanh, sigmoid] = diagnostics.result(null);
    expect(tanh.saturatedFraction).toBe(2 / 3);
    expect(sigmoid.saturatedFraction).toBe(2 / 3);
  });

  it('measures gradient norms and the update against the weights before it', () => {
    const net = make();
    net.layers[0].dW.set([3, 0, 0, 0, 0, 0, 0, 4]);
    const previous = [net.layers[0].W.slice(), net.layers[1].W.slice()];
    previous[0][1] = 0.3; // the last update moved W[0][0, 1] by −0.3
    previous[1][0] = 1.4;
    previous[1][1] = 0.7; // and two weights of layer 1 by (−0.4, +0.3): 0.5 in all
    const [hidden, output] = new DiagnosticsAccumulator(net).result(previous);
    expect(hidden.gradientNorm).toBe(5);
    expect(output.gradientNorm).toBe(0);
    expect(hidden.updateRatio).toBeCloseTo(0.3 / Math.sqrt(5), 15);
    expect(output.updateRatio).toBeCloseTo(0.5 / Math.sqrt(10), 15);
  });

  it('reports zeros, not NaN, before any batch and for an all-zero layer', () => {
    const net = network(1, [
      { activation: 'relu', W: [0, 0], b: [0, 0] },
      { activation: 'linear', W: [1, 1], b: [0] },
    ]);
    const [hidden] = new DiagnosticsAccumulator(net).result([new Float64Array(2), new Float64Array(2)]);
    expect(hidden).toEqual({
      weightNorm: 0,
      gradientNorm: 0,
      updateRatio: 0,
      activationMean: 0,
      activationStd: 0,
      deadFraction: 0, // no sample seen yet: nothing is known to be dead
      saturatedFraction: 0,
      distinctUnits: 1,
    });
  });

  it('never reports a NaN std when rounding makes the variance slightly negative', () => {
    // Three outputs of exactly 0.1: Σa²/3 − (Σa/3)² rounds to −1.7e-18.
    const net = network(1, [{ activation: 'linear', W: [0, 0, 0], b: [0.1, 0.1, 0.1] }]);
    const diagnostics = new DiagnosticsAccumulator(net);
    net.forward(Float64Array.of(1), 1);
    diagnostics.add(1);
    const [layer] = diagnostics.result(null);
    expect(layer.activationStd).toBe(0);
  });

  describe('distinct units: copies agree in incoming weights, bias and outgoing weights', () => {
    // Layer 0 has two units; variations of the second one.
    const count = (second: { W?: readonly number[]; b?: number; out?: number }) => {
      const net = network(2, [
        { activation: 'tanh', W: [0.5, 0.25, ...(second.W ?? [0.5, 0.25])], b: [0.1, second.b ?? 0.1] },
        { activation: 'linear', W: [2, second.out ?? 2], b: [0] },
      ]);
      return new DiagnosticsAccumulator(net).result(null).map((l) => l.distinctUnits);
    };
    it.each([
      ['identical units', {}, [1, 1]],
      ['a different bias', { b: 0.2 }, [2, 1]],
      ['a different second incoming weight', { W: [0.5, 0.75] }, [2, 1]],
      ['a different first incoming weight', { W: [0.75, 0.25] }, [2, 1]],
      ['a different outgoing weight', { out: 3 }, [2, 1]],
    ] as const)('%s', (_label, second, expected) => {
      expect(count(second)).toEqual(expected);
    });

    it('compares a unit with every earlier unit that shares its first weight', () => {
      // Three units with first weight 0.5 (one bucket): the third is a copy of the first, not the second.
      const copyOfFirst = network(2, [
        { activation: 'tanh', W: [0.5, 0.1, 0.5, 0.25, 0.5, 0.1], b: [0, 0, 0] },
        { activation: 'linear', W: [1, 2, 1], b: [0] },
      ]);
      expect(new DiagnosticsAccumulator(copyOfFirst).result(null)[0].distinctUnits).toBe(2);
      // The third is a copy of the second (weights and outgoing weight), not the first.
      const copyOfSecond = network(2, [
        { activation: 'tanh', W: [0.5, 0.1, 0.5, 0.25, 0.5, 0.25], b: [0, 0, 0] },
        { activation: 'linear', W: [1, 2, 2, 3, 4, 4], b: [0, 0] },
      ]);
      expect(new DiagnosticsAccumulator(copyOfSecond).result(null)[0].distinctUnits).toBe(2);
    });

    it('on the output layer, where there are no outgoing weights', () => {
      const net = network(1, [{ activation: 'linear', W: [1, 1, 2], b: [0, 0, 0] }]);
      expect(new DiagnosticsAccumulator(net).result(null)[0].distinctUnits).toBe(2);
    });
  });
});
