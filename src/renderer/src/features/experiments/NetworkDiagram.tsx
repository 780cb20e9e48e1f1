import { layerShapes } from './network-shapes';
import type { DraftLayer } from './experiment-draft';

// The network as the tutorials write it: the input, then each layer with W[l]: n_l×n_{l−1},
// b[l]: n_l and its activation, and the number of parameters to learn.

export function NetworkDiagram({ inputs, layers }: { inputs: number; layers: readonly DraftLayer[] }) {
  const shapes = layerShapes(inputs, layers);
  const total = shapes.reduce((sum, shape) => sum + shape.parameters, 0);
  return (
    <figure className="network-diagram" data-testid="network-diagram">
      <ol>
        <li className="network-node input">
          <span className="node-units">{inputs}</span>
          <span className="muted">input features</span>
        </li>
        {shapes.map((shape) => (
          <li key={shape.index} className={shape.index === shapes.length ? 'network-node output' : 'network-node'} data-testid={`shape-${shape.index}`}>
            <span className="node-units">
              {shape.units} {shape.activation}
            </span>
            <code data-testid={`shape-w-${shape.index}`}>{shape.weights}</code>
            <code>{shape.bias}</code>
          </li>
        ))}
      </ol>
      <figcaption className="muted" data-testid="parameter-count">
        {total.toLocaleString('en-US')} parameters
      </figcaption>
    </figure>
  );
}
