import type { ModelSpec, TrainingSpec } from '../schema/experiment';
import { ACTIVATIONS, resolveActivation } from './activations';
import { initializeNetwork } from './initializers';
import { getKernels } from './kernels';
import { Network } from './network';
import type { Rng } from './rng';

// From the model part of an experiment to a Network with its initial weights.

export interface BuildOptions {
  inputs: number;
  dtype: TrainingSpec['dtype'];
  backend?: TrainingSpec['backend'];
  /** Draws the initial weights. */
  rng: Rng;
}

/** Check the layer list makes sense on its own; returns the first problem, naming the layer. */
export function modelProblem(model: ModelSpec): string | null {
  const last = model.layers.length - 1;
  for (let l = 0; l < last; l++) {
    const name = resolveActivation(model.layers[l].activation).name;
    if (ACTIVATIONS[name].outputOnly) {
      return `model.layers[${l}].activation: ${name} normalizes across units, so it only belongs on the output layer`;
    }
  }
  if (model.layers[last].dropout) {
    return `model.layers[${last}].dropout: dropout on the output layer would zero predictions; put it on hidden layers`;
  }
  return null;
}

export function buildNetwork(model: ModelSpec, { inputs, dtype, backend, rng }: BuildOptions): Network {
  const problem = modelProblem(model);
  if (problem) throw new Error(problem);
  const network = new Network({
    inputs,
    dtype,
    kernels: getKernels(backend, dtype),
    layers: model.layers.map((layer) => ({
      units: layer.units,
      activation: resolveActivation(layer.activation),
      dropout: layer.dropout ?? 0,
      bias: layer.bias !== false,
    })),
  });
  initializeNetwork(
    network,
    model.layers.map((layer) => layer.init ?? model.init),
    model.biasInit,
    rng,
  );
  return network;
}
