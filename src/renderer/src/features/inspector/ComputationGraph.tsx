import type { StepInspection, Tensor } from '../../../../shared/engine/inspect-step';
import { exactValue, formatValue } from './format-value';
import type { WeightChoice } from './StepSections';
import { largestMagnitude } from './value-colors';

// The network as the tutorials draw it, for small networks: a node per unit with its value a and
// its gradient δ = ∂E/∂z for the chosen sample, an edge per weight (colour = sign, width = size),
// and the loss at the end. Clicking an edge opens that weight's chain rule.

/** Networks with at most this many units in every layer (inputs included) are drawn. */
export const GRAPH_MAX_UNITS = 10;

export function graphFits(inspection: StepInspection): boolean {
  return inspection.forward.every((layer) => layer.W.rows <= GRAPH_MAX_UNITS && layer.W.cols <= GRAPH_MAX_UNITS);
}

const at = (t: Tensor, row: number, col: number) => t.values[row * t.cols + col];
const COLUMN = 170;
const ROW = 64;
const RADIUS = 22;

interface GraphProps {
  inspection: StepInspection;
  sample: number;
  selectedWeight: WeightChoice | null;
  onSelectWeight: (choice: WeightChoice) => void;
}

export function ComputationGraph({ inspection, sample, selectedWeight, onSelectWeight }: GraphProps) {
  const { forward, backward } = inspection;
  const sizes = [forward[0].W.cols, ...forward.map((layer) => layer.W.rows)];
  const tallest = Math.max(...sizes);
  const height = tallest * ROW + 40;
  const width = (sizes.length + 1) * COLUMN;
  const x = (l: number) => COLUMN / 2 + l * COLUMN;
  const y = (l: number, unit: number) => height / 2 + (unit - (sizes[l] - 1) / 2) * ROW;
  const widest = Math.max(...forward.map((layer) => largestMagnitude(layer.W.values)));
  const L = forward.length;
  return (
    <figure className="computation-graph" data-testid="computation-graph">
      <figcaption>
        Computation graph for sample #{inspection.rows[sample]}: each node shows a (its output) and δ = ∂E/∂z; each edge is a weight (red positive, blue negative). Click an edge for its chain rule.
      </figcaption>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="computation graph">
        {forward.map((layer, l) =>
          Array.from({ length: layer.W.rows }, (_, j) =>
            Array.from({ length: layer.W.cols }, (_, k) => {
              const w = at(layer.W, j, k);
              const chosen = selectedWeight?.layer === l + 1 && selectedWeight.row === j && selectedWeight.col === k;
              return (
                <line
                  key={`${l}-${j}-${k}`}
                  data-testid={`edge-${l + 1}-${j}-${k}`}
                  x1={x(l) + RADIUS}
                  y1={y(l, k)}
                  x2={x(l + 1) - RADIUS}
                  y2={y(l + 1, j)}
                  stroke={chosen ? '#1d2733' : w < 0 ? '#2f6fde' : '#d64541'}
                  strokeOpacity={chosen ? 1 : 0.65}
                  strokeWidth={chosen ? 4 : 0.5 + 3.5 * (widest > 0 ? Math.abs(w) / widest : 0)}
                  onClick={() => onSelectWeight({ layer: l + 1, row: j, col: k })}
                >
                  <title>{`w[${l + 1}]_${j + 1}${k + 1} = ${exactValue(w)}, dW = ${exactValue(at(backward[l].dW, j, k))}`}</title>
                </line>
              );
            }),
          ),
        )}
        {sizes.map((size, l) =>
          Array.from({ length: size }, (_, unit) => {
            const a = l === 0 ? at(forward[0].A_prev, unit, sample) : at(forward[l - 1].A, unit, sample);
            const delta = l === 0 ? at(backward[0].dA_prev, unit, sample) : at(backward[l - 1].dZ, unit, sample);
            return (
              <g key={`${l}-${unit}`} data-testid={`node-${l}-${unit}`}>
                <circle cx={x(l)} cy={y(l, unit)} r={RADIUS} className={l === 0 ? 'graph-input' : 'graph-unit'} />
                <text x={x(l)} y={y(l, unit) - 4} textAnchor="middle" className="graph-value">
                  {formatValue(a)}
                </text>
                <text x={x(l)} y={y(l, unit) + 10} textAnchor="middle" className="graph-gradient">
                  {l === 0 ? `∂x ${formatValue(delta)}` : `δ ${formatValue(delta)}`}
                </text>
              </g>
            );
          }),
        )}
        {Array.from({ length: sizes[L] }, (_, unit) => (
          <line key={`loss-${unit}`} x1={x(L) + RADIUS} y1={y(L, unit)} x2={x(L + 1) - 30} y2={height / 2} stroke="#9aa4b1" strokeDasharray="4 3" />
        ))}
        <rect x={x(L + 1) - 30} y={height / 2 - 22} width={60} height={44} rx={6} className="graph-loss" />
        <text x={x(L + 1)} y={height / 2 - 4} textAnchor="middle" className="graph-value">
          E
        </text>
        <text x={x(L + 1)} y={height / 2 + 12} textAnchor="middle" className="graph-value">
          {formatValue(inspection.loss.value)}
        </text>
        {sizes.map((_, l) => (
          <text key={`label-${l}`} x={x(l)} y={14} textAnchor="middle" className="graph-label">
            {l === 0 ? 'inputs A[0]' : `layer ${l}`}
          </text>
        ))}
      </svg>
    </figure>
  );
}
