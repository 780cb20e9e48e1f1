import type { Normalization } from '../../../../shared/data/dataset';
import { NORMALIZED } from '../../../../shared/data/normalize';
import type { ImageGeometry } from '../../../../shared/data/image-geometry';
import type { BackwardLayer, ForwardLayer, StepInspection, TensorUpdate } from '../../../../shared/engine/inspect-step';
import { LOSS_LABELS } from '../../components/describe-experiment';
import { exactValue, formatValue } from './format-value';
import { InputImages } from './InputImages';
import { MatrixView, type Cell } from './MatrixView';

// The three parts of a step in the tutorials' order and notation: forward layer by layer, the
// loss, backward from the output down, then the update each parameter receives.

export interface WeightChoice {
  layer: number;
  row: number;
  col: number;
}

interface SectionProps {
  inspection: StepInspection;
  /** For image datasets: the inputs are drawn as pictures too. */
  geometry?: ImageGeometry | null;
  /** How the inputs were normalized (A[0] is X after it). */
  inputsNormalization?: Normalization['kind'];
  selectedWeight: WeightChoice | null;
  onSelectWeight: (choice: WeightChoice) => void;
}

const columnLabels = (inspection: StepInspection) => inspection.rows.map((row) => `#${row}`);
const activationLabel = ({ name, slope }: ForwardLayer['activation']) => (slope !== undefined ? `${name}(slope ${slope})` : name);
const cellOf = (choice: WeightChoice | null, layer: number): Cell | null => (choice?.layer === layer ? { row: choice.row, col: choice.col } : null);

const inputsFormula = (kind: Normalization['kind']) => (kind === 'none' ? 'X, one column per sample' : `X ${NORMALIZED[kind]} (training rows), one column per sample`);

export function ForwardSection({ inspection, geometry, inputsNormalization = 'none', selectedWeight, onSelectWeight }: SectionProps) {
  const labels = columnLabels(inspection);
  return (
    <section className="step-section" data-testid="forward-section">
      <h3>Forward</h3>
      {inspection.forward.map((layer) => {
        const l = layer.layer;
        return (
          <div className="layer-step" key={l} data-testid={`forward-layer-${l}`}>
            <h4>
              Layer {l}: {layer.W.rows} {activationLabel(layer.activation)} {layer.W.rows === 1 ? 'unit' : 'units'}
            </h4>
            <div className="matrices">
              <MatrixView name={`A[${l - 1}]`} formula={l === 1 ? inputsFormula(inputsNormalization) : undefined} tensor={layer.A_prev} colLabels={labels} testId={`A_prev-${l}`} />
              {l === 1 && geometry && <InputImages tensor={layer.A_prev} rows={inspection.rows} geometry={geometry} />}
              <MatrixView name={`W[${l}]`} tensor={layer.W} selected={cellOf(selectedWeight, l)} onSelect={(cell) => onSelectWeight({ layer: l, ...cell })} testId={`W-${l}`} />
              {layer.bias && <MatrixView name={`b[${l}]`} tensor={layer.b} testId={`b-${l}`} />}
              <MatrixView name={`Z[${l}]`} formula={layer.bias ? `W[${l}]·A[${l - 1}] + b[${l}]` : `W[${l}]·A[${l - 1}] (no bias)`} tensor={layer.Z} colLabels={labels} testId={`Z-${l}`} />
              <MatrixView name={`A[${l}]`} formula={`${layer.activation.name}(Z[${l}])`} tensor={layer.A} colLabels={labels} testId={`A-${l}`} />
            </div>
          </div>
        );
      })}
      <div className="layer-step">
        <h4>Targets and loss</h4>
        <div className="matrices">
          <MatrixView name="Y" formula="targets, one column per sample" tensor={inspection.Y} colLabels={labels} testId="Y" />
        </div>
        <LossLine inspection={inspection} />
      </div>
    </section>
  );
}

function reductionText(inspection: StepInspection): string {
  const { m } = inspection;
  if (inspection.loss.reduction === 'sum') return `summed over the ${m} sample${m === 1 ? '' : 's'} (no 1/m)`;
  return `mean over the m = ${m} sample${m === 1 ? '' : 's'} (a factor 1/m = ${formatValue(1 / m)} in every gradient)`;
}

function LossLine({ inspection }: { inspection: StepInspection }) {
  const { loss } = inspection;
  return (
    <p className="loss-line" data-testid="loss-line" data-value={loss.value}>
      E = {LOSS_LABELS[loss.name as keyof typeof LOSS_LABELS] ?? loss.name} of A[{inspection.forward.length}] against Y, {reductionText(inspection)} ={' '}
      <strong title={exactValue(loss.value)}>{formatValue(loss.value)}</strong>
      {loss.l2Penalty > 0 && (
        <>
          {' '}
          · L2 term λ/2·Σ‖W‖² = <span title={exactValue(loss.l2Penalty)}>{formatValue(loss.l2Penalty)}</span>
        </>
      )}
    </p>
  );
}

function dZFormula(layer: BackwardLayer, L: number, inspection: StepInspection): string {
  const l = layer.layer;
  if (layer.fused) return `(A[${l}] − Y)/m, fused: the ${inspection.forward[L - 1].activation.name} derivative cancels the loss's, so dA[${l}] is never formed`;
  if (!layer.gPrime) return `A[${l}] ⊙ (dA[${l}] − Σ_units A[${l}] ⊙ dA[${l}]) (softmax couples its units)`;
  return `dA[${l}] ⊙ g′(Z[${l}])`;
}

export function BackwardSection({ inspection, selectedWeight, onSelectWeight }: SectionProps) {
  const labels = columnLabels(inspection);
  const L = inspection.backward.length;
  return (
    <section className="step-section" data-testid="backward-section">
      <h3>Backward</h3>
      <p className="muted">
        The loss is {reductionText(inspection)}: that factor enters at the output, in dA[{L}] (or the fused dZ[{L}]), and every gradient below inherits it.
      </p>
      {[...inspection.backward].reverse().map((layer) => {
        const l = layer.layer;
        return (
          <div className="layer-step" key={l} data-testid={`backward-layer-${l}`}>
            <h4>Layer {l}</h4>
            <div className="matrices">
              <MatrixView
                name={`dA[${l}]`}
                formula={l === L ? `∂E/∂A[${l}]${layer.fused ? ' (shown; the fused step skips it)' : ''}` : `W[${l + 1}]ᵀ·dZ[${l + 1}]`}
                tensor={layer.dA}
                colLabels={labels}
                testId={`dA-${l}`}
              />
              {layer.gPrime && <MatrixView name={`g′(Z[${l}])`} tensor={layer.gPrime} colLabels={labels} testId={`gPrime-${l}`} />}
              <MatrixView name={`dZ[${l}]`} formula={dZFormula(layer, L, inspection)} tensor={layer.dZ} colLabels={labels} testId={`dZ-${l}`} />
              <MatrixView
                name={`dW[${l}]`}
                formula={`dZ[${l}]·A[${l - 1}]ᵀ`}
                tensor={layer.dW}
                selected={cellOf(selectedWeight, l)}
                onSelect={(cell) => onSelectWeight({ layer: l, ...cell })}
                testId={`dW-${l}`}
              />
              {inspection.forward[l - 1].bias && <MatrixView name={`db[${l}]`} formula={`Σ over the columns of dZ[${l}]`} tensor={layer.db} testId={`db-${l}`} />}
              <MatrixView
                name={`dA[${l - 1}]`}
                formula={`W[${l}]ᵀ·dZ[${l}]${l === 1 ? ' (the input gradient; training never needs it)' : ''}`}
                tensor={layer.dA_prev}
                colLabels={labels}
                testId={`dA_prev-${l}`}
              />
            </div>
          </div>
        );
      })}
    </section>
  );
}

const STATE_LABELS: Record<string, string> = {
  velocity: 'velocity v (after)',
  meanSquare: 'mean square s (after)',
  m: 'first moment m (after)',
  v: 'second moment v (after)',
};

function updateFormula(inspection: StepInspection): string {
  const { optimizer, learningRate } = inspection.update;
  const lr = formatValue(learningRate);
  switch (optimizer.name) {
    case 'sgd':
      return `ΔW = −lr·g with lr = ${lr}`;
    case 'momentum':
      return optimizer.nesterov
        ? `v ← ${optimizer.momentum}·v + g; ΔW = −lr·(g + ${optimizer.momentum}·v) with lr = ${lr} (Nesterov)`
        : `v ← ${optimizer.momentum}·v + g; ΔW = −lr·v with lr = ${lr}`;
    case 'rmsprop':
      return `s ← ${optimizer.rho}·s + ${formatValue(1 - optimizer.rho)}·g²; ΔW = −lr·g/(√s + ${optimizer.epsilon}) with lr = ${lr}`;
    case 'adam': {
      const correction = inspection.update.biasCorrection!;
      return `m ← ${optimizer.beta1}·m + ${formatValue(1 - optimizer.beta1)}·g; v ← ${optimizer.beta2}·v + ${formatValue(1 - optimizer.beta2)}·g²; ΔW = −lr·m̂/(√v̂ + ${optimizer.epsilon}) with m̂ = m/${formatValue(correction.first)}, v̂ = v/${formatValue(correction.second)} (bias corrections 1 − β^t at t = ${inspection.update.step}), lr = ${lr}`;
    }
  }
}

function ParameterUpdate({ name, update, testId }: { name: string; update: TensorUpdate; testId: string }) {
  return (
    <div className="matrices" data-testid={testId}>
      <MatrixView name={`d${name}`} formula="from backward" tensor={update.gradient} />
      {update.l2Term && <MatrixView name={`λ·${name}`} formula="L2 term" tensor={update.l2Term} />}
      <MatrixView name="g" formula="used by the optimizer" tensor={update.used} />
      {Object.entries(update.state).map(([key, tensor]) => (
        <MatrixView key={key} name={key} formula={STATE_LABELS[key] ?? key} tensor={tensor} />
      ))}
      <MatrixView name={`Δ${name}`} tensor={update.delta} testId={`${testId}-delta`} />
      <MatrixView name={`${name} after`} formula={`${name} + Δ${name}`} tensor={update.after} testId={`${testId}-after`} />
    </div>
  );
}

export function UpdateSection({ inspection }: { inspection: StepInspection }) {
  const { update } = inspection;
  return (
    <section className="step-section" data-testid="update-section">
      <h3>Update</h3>
      <p className="update-formula" data-testid="update-formula">
        {updateFormula(inspection)}.
      </p>
      <p className="muted" data-testid="update-gradient">
        g = (dW{update.l2 > 0 ? ` + λ·W, λ = ${formatValue(update.l2)}` : ''}) × clipping factor {formatValue(update.clipFactor)} · global gradient norm{' '}
        {formatValue(update.gradientNorm)}
        {update.clipNorm !== undefined ? ` (clipped to ${formatValue(update.clipNorm)} when above it)` : ' (no clipping set)'} · optimizer step t = {update.step}
      </p>
      {update.layers.map((layer) => (
        <div className="layer-step" key={layer.layer}>
          <h4>Layer {layer.layer}</h4>
          <ParameterUpdate name={`W[${layer.layer}]`} update={layer.W} testId={`update-W-${layer.layer}`} />
          {inspection.forward[layer.layer - 1].bias && <ParameterUpdate name={`b[${layer.layer}]`} update={layer.b} testId={`update-b-${layer.layer}`} />}
        </div>
      ))}
    </section>
  );
}

export function GradcheckTable({ inspection }: { inspection: StepInspection }) {
  if (!inspection.gradcheck) return null;
  const worst = Math.max(...inspection.gradcheck.map((c) => c.maxRelativeError));
  const passed = worst < 1e-7;
  return (
    <div className={`gradcheck ${passed ? 'ok' : 'bad'}`} data-testid="gradcheck-table" data-worst={worst}>
      <p>
        <strong>{passed ? 'Backpropagation agrees with finite differences' : 'Backpropagation disagrees with finite differences'}</strong> on these rows (float64 central differences; ‖g − ĝ‖/(‖g‖ + ‖ĝ‖) below 1e-7 is agreement).
      </p>
      <table>
        <thead>
          <tr>
            <th>Layer</th>
            <th>W: relative error</th>
            <th>b: relative error</th>
            <th>entries checked</th>
          </tr>
        </thead>
        <tbody>
          {inspection.gradcheck.map((check) => (
            <tr key={check.layer} data-testid={`gradcheck-layer-${check.layer}`} data-value={check.maxRelativeError}>
              <td>{check.layer}</td>
              <td>{check.W.relativeError.toExponential(2)}</td>
              <td>{check.b.relativeError.toExponential(2)}</td>
              <td>
                {check.W.checked + check.b.checked} of {check.W.total + check.b.total}
                {check.W.checked < check.W.total ? ' (sampled)' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
