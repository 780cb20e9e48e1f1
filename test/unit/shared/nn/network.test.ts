import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { allocate, Network } from '../../../../src/shared/nn/network';
import { createRng } from '../../../../src/shared/nn/rng';
import { randomMatrix, randomNetwork } from './helpers';

// The Network class's contract beyond the maths (which reference.test.ts and gradcheck.test.ts
// check): shapes and names, sizes refused with a message, buffers reused per batch size, and
// dropout only while training.

describe('Network', () => {
  it('allocates in the dtype asked for', () => {
    expect(allocate('float64', 3)).toBeInstanceOf(Float64Array);
    expect(allocate('float32', 3)).toBeInstanceOf(Float32Array);
    expect(allocate('float64', 3).length).toBe(3);
  });

  it('names every parameter tensor with its shape, and refuses a network without layers', () => {
    const net = randomNetwork([3, 4, 2], ['tanh', 'softmax']);
    expect(net.parameters.map((p) => [p.name, p.kind, p.rows, p.cols, p.value.length])).toEqual([
      ['layers[0].W', 'W', 4, 3, 12],
      ['layers[0].b', 'b', 4, 1, 4],
      ['layers[1].W', 'W', 2, 4, 8],
      ['layers[1].b', 'b', 2, 1, 2],
    ]);
    expect([net.inputs, net.outputs]).toEqual([3, 2]);
    expect(() => new Network({ inputs: 2, dtype: 'float64', layers: [] })).toThrow('A network needs at least one layer.');
  });

  it('refuses X and Y of the wrong size, and a backward or a read before any forward, with the sizes expected', () => {
    const net = randomNetwork([3, 4, 2], ['tanh', 'softmax']);
    expect(() => net.backward(new Float64Array(4), LOSSES.categoricalCrossEntropy)).toThrow('backward: call forward first');
    expect(() => net.activations(0)).toThrow('No forward pass has run yet');
    expect(() => net.forward(new Float64Array(5), 2)).toThrow('forward: expected X of 3×2 = 6 values, got 5');
    net.forward(new Float64Array(6), 2);
    expect(() => net.backward(new Float64Array(6), LOSSES.categoricalCrossEntropy)).toThrow('backward: expected Y of 2×2 = 4 values, got 6');
    net.releaseBuffers();
    expect(() => net.preActivations(0)).toThrow('No forward pass has run yet');
    expect(() => net.lastBatchSize).toThrow('No forward pass has run yet');
  });

  it('reuses one set of buffers per batch size, so an epoch allocates nothing', () => {
    const net = randomNetwork([3, 4, 2], ['tanh', 'softmax']);
    const rng = createRng(1);
    const first = net.forward(randomMatrix(6, rng), 2);
    const again = net.forward(randomMatrix(6, rng), 2);
    const other = net.forward(randomMatrix(9, rng), 3);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(net.lastBatchSize).toBe(3);
  });

  it('exposes the last passes per layer, (A − Y)/m straight into dZ for a fused loss, dA of the output left unwritten', () => {
    const net = randomNetwork([3, 4, 2], ['tanh', 'softmax']);
    const rng = createRng(2);
    const m = 5;
    const A = net.forward(randomMatrix(3 * m, rng), m).slice();
    const Y = new Float64Array(2 * m);
    for (let j = 0; j < m; j++) Y[(j % 2) * m + j] = 1;
    net.backward(Y, LOSSES.categoricalCrossEntropy);
    expect(Array.from(net.preActivationGradients(1))).toEqual(Array.from(A, (a, i) => (a - Y[i]) / m));
    expect(Array.from(net.activationGradients(1))).toEqual(new Array(2 * m).fill(0));
    expect(net.activationGradients(0).length).toBe(4 * m);
    expect(net.activationGradients(0).some((v) => v !== 0)).toBe(true);
    expect(Array.from(net.activations(1))).toEqual(Array.from(A));
  });

  it('applies no dropout mask in a backward after an inference forward', () => {
    const withDropout = randomNetwork([3, 4, 4, 1], ['tanh', 'relu', 'sigmoid'], { dropout: [0.5, 0.5, 0] });
    const without = randomNetwork([3, 4, 4, 1], ['tanh', 'relu', 'sigmoid']);
    const rng = createRng(3);
    const X = randomMatrix(3 * 6, rng);
    const Y = Float64Array.from({ length: 6 }, (_, j) => j % 2);
    // A training step first, so the masks and masked outputs hold something a wrong backward would read.
    withDropout.forward(X, 6, createRng(9));
    withDropout.backward(Y, LOSSES.binaryCrossEntropy);
    for (const net of [withDropout, without]) {
      net.forward(X, 6);
      net.backward(Y, LOSSES.binaryCrossEntropy);
    }
    expect(withDropout.parameters.map((p) => Array.from(p.grad))).toEqual(without.parameters.map((p) => Array.from(p.grad)));
  });

  it('draws no dropout numbers for layers without dropout, and trains them as at inference', () => {
    const net = randomNetwork([3, 4, 1], ['tanh', 'sigmoid']);
    const X = randomMatrix(3 * 4, createRng(4));
    const Y = Float64Array.of(0, 1, 1, 0);
    const inference = net.forward(X, 4).slice();
    net.backward(Y, LOSSES.binaryCrossEntropy);
    const gradients = net.parameters.map((p) => Array.from(p.grad));
    const rng = createRng(5);
    expect(Array.from(net.forward(X, 4, rng))).toEqual(Array.from(inference));
    net.backward(Y, LOSSES.binaryCrossEntropy);
    expect(net.parameters.map((p) => Array.from(p.grad))).toEqual(gradients);
    expect(rng.next()).toBe(createRng(5).next());
  });

  it('setParameters refuses a snapshot of another shape, naming the tensor', () => {
    const net = randomNetwork([3, 4, 2], ['tanh', 'softmax']);
    const values = net.copyParameters();
    expect(() => net.setParameters(values.slice(1))).toThrow('setParameters: expected 4 tensors (W and b of 2 layers), got 3');
    values[1] = new Float64Array(3);
    expect(() => net.setParameters(values)).toThrow('setParameters: layers[0].b expects 4 values, got 3');
  });

  it('resolves the activation it was given per layer', () => {
    const net = new Network({ inputs: 1, dtype: 'float64', layers: [{ units: 1, activation: resolveActivation({ name: 'leakyRelu', slope: 0.2 }) }] });
    net.layers[0].W[0] = 1;
    expect(Array.from(net.forward(Float64Array.of(-5, 5), 2))).toEqual([-1, 5]);
  });

  it("refuses an input made for another batch size even when its length fits this network's", () => {
    const net = randomNetwork([3, 4, 2], ['tanh', 'softmax']);
    // 2 features × 3 samples: 6 values, as many as 3 features × 2 samples.
    const input = net.kernels.input(new Float64Array(6), 2, 3);
    expect(() => net.forward(input, 2)).toThrow(Error);
    expect(() => net.forward(input, 2)).toThrow('forward: expected X of 3×2 = 6 values, got 6');
  });

  it('leaves b out of a layer without bias, even where b holds something other than zero', () => {
    const net = new Network({ inputs: 2, dtype: 'float64', layers: [{ units: 2, activation: resolveActivation('linear'), bias: false }] });
    net.layers[0].W.set([1, 2, 3, 4]);
    const X = Float64Array.of(1, 0, 0, 1);
    const before = Array.from(net.forward(X, 2));
    net.layers[0].b.set([10, 20]);
    expect(Array.from(net.forward(X, 2))).toEqual(before);
    expect(before).toEqual([1, 2, 3, 4]);
  });
});
