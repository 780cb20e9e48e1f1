import type { DType } from '../schema/names';
import type { ResolvedActivation } from './activations';
import { getKernels } from './kernels';
import type { FloatArray, Kernels, NetworkInput } from './kernels/types';
import { fusedOutputGradient, type Loss } from './losses';
import { drawDropoutMask } from './regularization';
import type { Rng } from './rng';

// A multilayer perceptron of dense layers in the tutorials' notation. Layer l (0-based here,
// l = 1… in the tutorials) holds W of shape (n_l, n_{l−1}) and b of n_l, row-major. A batch is a
// matrix with one column per sample, so the input X is (features × m) and
//   forward:  Z[l] = W[l]·A[l−1] + b[l],  A[l] = g_l(Z[l]),  A[−1] = X
//   backward: dW[l] = dZ[l]·A[l−1]ᵀ,  db[l] = Σ_columns dZ[l],  dA[l−1] = W[l]ᵀ·dZ[l],
//             dZ[l−1] = dA[l−1] ⊙ g'_{l−1}(Z[l−1])
// All element loops run in the kernels; the batch buffers are allocated once per batch size m
// and reused, so a training epoch allocates nothing.

export interface LayerOptions {
  units: number;
  activation: ResolvedActivation;
  /** Inverted-dropout rate on this layer's output while training (0 = off). */
  dropout?: number;
  /** false: the layer has no bias; b stays exactly zero (default true). */
  bias?: boolean;
}

export interface NetworkOptions {
  /** n_0: number of input features. */
  inputs: number;
  layers: LayerOptions[];
  /** Storage type of parameters and buffers; the typed arrays follow it. */
  dtype: DType;
  /** Kernel backend; the plain TypeScript one by default. */
  kernels?: Kernels;
}

export interface DenseLayer {
  /** n_{l−1}: inputs of this layer. */
  readonly inputs: number;
  /** n_l: units (outputs) of this layer. */
  readonly units: number;
  readonly activation: ResolvedActivation;
  readonly dropout: number;
  /** Whether the layer has a bias; without one, b stays all zeros and db is never computed (stays zero). */
  readonly bias: boolean;
  /** Weights, n_l × n_{l−1}, row-major: W[i·inputs + k] connects input k to unit i. */
  readonly W: FloatArray;
  /** Biases, n_l. */
  readonly b: FloatArray;
  /** ∂E/∂W of the last backward pass (plus λ·W once L2 is added), same shape as W. */
  readonly dW: FloatArray;
  /** ∂E/∂b of the last backward pass. */
  readonly db: FloatArray;
}

/** One parameter tensor with its gradient: what optimizers, clipping and gradient checks iterate over. */
export interface ParamTensor {
  /** Readable name, e.g. "layers[1].W". */
  name: string;
  layer: number;
  kind: 'W' | 'b';
  rows: number;
  cols: number;
  value: FloatArray;
  grad: FloatArray;
  /**
   * false for the b of a layer without bias: its gradient is never computed and stays 0, so every
   * optimizer's update of it is exactly 0 and b stays 0; gradient checks skip it.
   */
  trainable: boolean;
}

/** Per-layer buffers for one batch size m (each n_l × m). */
interface BatchBuffers {
  m: number;
  Z: FloatArray[];
  /** A = g(Z), before dropout: what diagnostics and the activation derivative look at. */
  A: FloatArray[];
  /** Dropout mask (0 or 1/(1 − p)) and the masked output the next layer reads; only for layers with dropout. */
  mask: (FloatArray | null)[];
  dropped: (FloatArray | null)[];
  dA: FloatArray[];
  dZ: FloatArray[];
}

export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

export class Network {
  readonly inputs: number;
  readonly outputs: number;
  readonly dtype: DType;
  readonly kernels: Kernels;
  readonly layers: readonly DenseLayer[];
  /** W and b of every layer in order: layers[0].W, layers[0].b, layers[1].W, … */
  readonly parameters: readonly ParamTensor[];

  private readonly buffers = new Map<number, BatchBuffers>();
  /** The last forward pass: its input and buffers, which backward reads. */
  private last: { input: NetworkInput; buffers: BatchBuffers; training: boolean } | null = null;

  /** Builds the layers with all parameters zero; use initializeNetwork or set W/b to give them values. */
  constructor(options: NetworkOptions) {
    if (options.layers.length === 0) throw new Error('A network needs at least one layer.');
    this.inputs = options.inputs;
    this.dtype = options.dtype;
    this.kernels = options.kernels ?? getKernels('ts');
    let inputs = options.inputs;
    const layers: DenseLayer[] = [];
    for (const spec of options.layers) {
      const size = spec.units * inputs;
      layers.push({
        inputs,
        units: spec.units,
        activation: spec.activation,
        dropout: spec.dropout ?? 0,
        bias: spec.bias ?? true,
        W: this.kernels.allocate(this.dtype, size),
        b: this.kernels.allocate(this.dtype, spec.units),
        dW: this.kernels.allocate(this.dtype, size),
        db: this.kernels.allocate(this.dtype, spec.units),
      });
      inputs = spec.units;
    }
    this.layers = layers;
    this.outputs = inputs;
    this.parameters = layers.flatMap((layer, l): ParamTensor[] => [
      { name: `layers[${l}].W`, layer: l, kind: 'W', rows: layer.units, cols: layer.inputs, value: layer.W, grad: layer.dW, trainable: true },
      { name: `layers[${l}].b`, layer: l, kind: 'b', rows: layer.units, cols: 1, value: layer.b, grad: layer.db, trainable: layer.bias },
    ]);
  }

  /**
   * Forward pass on X (features × m, one column per sample: its values, or an input the backend
   * made, such as a batch from BatchLoader) and return A of the output layer (outputs × m). The
   * returned array is an internal buffer, valid until the next forward with the same m. Dropout
   * applies only when `dropoutRng` is given (training); inference passes none. X must stay
   * unchanged until `backward` has run. `backwardFollows`: a training step, whose backward comes
   * next (the backend may prepare the input gradient alongside).
   */
  forward(X: FloatArray | NetworkInput, m: number, dropoutRng?: Rng, backwardFollows = false): FloatArray {
    const k = this.kernels;
    const networkInput = k.input(X, this.inputs, m);
    if (networkInput.length !== this.inputs * m || networkInput.m !== m) {
      throw new Error(`forward: expected X of ${this.inputs}×${m} = ${this.inputs * m} values, got ${networkInput.length}`);
    }
    const buffers = this.buffersFor(m);
    // What the next layer reads; the first one reads the network input through its own product.
    let input: FloatArray | null = null;
    for (let l = 0; l < this.layers.length; l++) {
      const layer = this.layers[l];
      const Z = buffers.Z[l];
      const A = buffers.A[l];
      if (input === null) networkInput.product(layer.W, layer.units, Z, backwardFollows);
      else k.gemm(false, false, layer.units, m, layer.inputs, 1, layer.W, input, 0, Z);
      if (layer.bias) k.addBias(Z, layer.b, layer.units, m);
      k.activationForward(layer.activation, Z, A, layer.units, m);
      input = A;
      const mask = buffers.mask[l];
      const dropped = buffers.dropped[l];
      if (dropoutRng && mask && dropped) {
        drawDropoutMask(mask, layer.dropout, dropoutRng);
        k.multiply(A, mask, dropped);
        input = dropped;
      }
    }
    this.last = { input: networkInput, buffers, training: dropoutRng !== undefined };
    return buffers.A[this.layers.length - 1];
  }

  /**
   * Backward pass for the last forward: fills dW and db of every layer with ∂E/∂W, ∂E/∂b of
   * `loss` against targets Y (outputs × m). Overwrites previous gradients.
   */
  backward(Y: FloatArray, loss: Loss): void {
    if (!this.last) throw new Error('backward: call forward first');
    const { input, buffers, training } = this.last;
    const { m } = buffers;
    const k = this.kernels;
    const L = this.layers.length;
    const out = this.layers[L - 1];
    if (Y.length !== out.units * m) {
      throw new Error(`backward: expected Y of ${out.units}×${m} = ${out.units * m} values, got ${Y.length}`);
    }
    if (loss.fusedActivation === out.activation.name) {
      fusedOutputGradient(buffers.A[L - 1], Y, buffers.dZ[L - 1], m);
    } else {
      loss.gradient(buffers.A[L - 1], Y, buffers.dA[L - 1], out.units, m);
      k.activationBackward(out.activation, buffers.Z[L - 1], buffers.A[L - 1], buffers.dA[L - 1], buffers.dZ[L - 1], out.units, m);
    }
    for (let l = L - 1; l >= 0; l--) {
      const layer = this.layers[l];
      const dZ = buffers.dZ[l];
      if (l === 0) input.gradient(dZ, layer.units, layer.dW);
      else k.gemm(false, true, layer.units, layer.inputs, m, 1, dZ, this.layerOutput(buffers, l - 1, training), 0, layer.dW);
      if (layer.bias) k.sumColumns(dZ, layer.units, m, layer.db);
      // The input layer's dA is never needed: skipping it saves the largest product of the pass.
      if (l === 0) break;
      const below = this.layers[l - 1];
      const dA = buffers.dA[l - 1];
      k.gemm(true, false, layer.inputs, m, layer.units, 1, layer.W, dZ, 0, dA);
      const mask = buffers.mask[l - 1];
      if (training && mask) k.multiply(dA, mask, dA);
      k.activationBackward(below.activation, buffers.Z[l - 1], buffers.A[l - 1], dA, buffers.dZ[l - 1], below.units, m);
    }
  }

  /** Z of layer l from the last forward pass (units × m). */
  preActivations(l: number): FloatArray {
    return this.requireLast().buffers.Z[l];
  }

  /** A = g(Z) of layer l from the last forward pass, before dropout (units × m). */
  activations(l: number): FloatArray {
    return this.requireLast().buffers.A[l];
  }

  /**
   * dZ = ∂E/∂Z of layer l from the last backward pass (units × m). With a fused output loss the
   * output layer's dZ is (A − Y)/m directly.
   */
  preActivationGradients(l: number): FloatArray {
    return this.requireLast().buffers.dZ[l];
  }

  /**
   * dA = ∂E/∂A of layer l from the last backward pass (units × m). Not written for the output layer
   * when the loss is fused with its activation (backward goes straight to dZ).
   */
  activationGradients(l: number): FloatArray {
    return this.requireLast().buffers.dA[l];
  }

  /** Batch size of the last forward pass. */
  get lastBatchSize(): number {
    return this.requireLast().buffers.m;
  }

  /** A copy of every parameter tensor, in `parameters` order (for best-weights snapshots). */
  copyParameters(): FloatArray[] {
    return this.parameters.map((p) => p.value.slice());
  }

  /**
   * Overwrite every parameter tensor from a `copyParameters` snapshot (or a checkpoint's). The
   * snapshot is checked whole before anything is written, so a refused one leaves the network as
   * it was. The b of a layer without bias must be all zeros: training keeps it so, forward never
   * reads it, and a weights file writes it out beside `"bias": false` — a nonzero b would be
   * carried along unused and make that file unreadable.
   */
  setParameters(values: readonly FloatArray[]): void {
    if (values.length !== this.parameters.length) {
      throw new Error(`setParameters: expected ${this.parameters.length} tensors (W and b of ${this.layers.length} layers), got ${values.length}`);
    }
    this.parameters.forEach((p, i) => {
      const value = values[i];
      if (value.length !== p.value.length) throw new Error(`setParameters: ${p.name} expects ${p.value.length} values, got ${value.length}`);
      const nonzero = p.trainable ? -1 : value.findIndex((v) => v !== 0);
      if (nonzero >= 0) throw new Error(`setParameters: ${p.name}[${nonzero}]: the layer has no bias, so every b must be 0, found ${value[nonzero]}`);
    });
    this.parameters.forEach((p, i) => p.value.set(values[i]));
  }

  /** Drop the per-batch-size buffers (e.g. after evaluating a large set in one go). */
  releaseBuffers(): void {
    this.buffers.clear();
    this.last = null;
  }

  private layerOutput(buffers: BatchBuffers, l: number, training: boolean): FloatArray {
    const dropped = buffers.dropped[l];
    return training && dropped ? dropped : buffers.A[l];
  }

  private requireLast() {
    if (!this.last) throw new Error('No forward pass has run yet');
    return this.last;
  }

  private buffersFor(m: number): BatchBuffers {
    let buffers = this.buffers.get(m);
    if (!buffers) {
      const make = (units: number) => this.kernels.allocate(this.dtype, units * m);
      buffers = {
        m,
        Z: this.layers.map((layer) => make(layer.units)),
        A: this.layers.map((layer) => make(layer.units)),
        mask: this.layers.map((layer) => (layer.dropout > 0 ? make(layer.units) : null)),
        dropped: this.layers.map((layer) => (layer.dropout > 0 ? make(layer.units) : null)),
        dA: this.layers.map((layer) => make(layer.units)),
        dZ: this.layers.map((layer) => make(layer.units)),
      };
      this.buffers.set(m, buffers);
    }
    return buffers;
  }
}
