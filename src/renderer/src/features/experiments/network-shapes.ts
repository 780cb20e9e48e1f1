import type { ActivationName } from '../../../../shared/schema/names';
import { activationNameOf, type DraftLayer } from './experiment-draft';

// The network in the tutorials' notation: layer l has W[l] of n_l × n_{l−1} and b[l] of n_l.

export interface LayerShape {
  /** 1-based, as in W[1]. */
  index: number;
  units: number;
  inputs: number;
  activation: ActivationName;
  /** "W[1]: 16×2" */
  weights: string;
  /** "b[1]: 16", or "no b[1]" for a layer without bias */
  bias: string;
  parameters: number;
}

export function layerShapes(inputs: number, layers: readonly DraftLayer[]): LayerShape[] {
  let previous = inputs;
  return layers.map((layer, i) => {
    const units = Number.isFinite(layer.units) ? layer.units : 0;
    const shape: LayerShape = {
      index: i + 1,
      units,
      inputs: previous,
      activation: activationNameOf(layer.activation),
      weights: `W[${i + 1}]: ${units}×${previous}`,
      bias: layer.bias === false ? `no b[${i + 1}]` : `b[${i + 1}]: ${units}`,
      parameters: units * previous + (layer.bias === false ? 0 : units),
    };
    previous = units;
    return shape;
  });
}
