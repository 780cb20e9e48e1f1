import { useEffect, useState } from 'react';
import type { StepInspection, Tensor, WeightCheck } from '../../../../shared/engine/inspect-step';
import { exactValue, formatValue } from './format-value';
import type { WeightChoice } from './StepSections';

// One weight's gradient written as the tutorials write it:
//   ∂E/∂w[l]_jk = Σ_samples δ[l]_j · a[l−1]_k,   δ[l]_j = ∂E/∂z[l]_j
//   δ[l]_j = g′(z[l]_j) · Σ_i W[l+1]_ij · δ[l+1]_i   (a sum over the next layer's units, not one path)
// down from the output, where δ[L] = ∂E/∂a[L] ⊙ g′(z[L]) or the fused (a[L] − y)/m. Every factor is a
// number of the inspection (training's own); the products and sums here only spell it out, and
// their totals are checked against the inspected dW and dA. The finite-difference estimate comes
// from the worker, in float64.

const at = (t: Tensor, row: number, col: number) => t.values[row * t.cols + col];

function V({ value }: { value: number }) {
  return (
    <span className="chain-value" title={exactValue(value)}>
      {formatValue(value)}
    </span>
  );
}

/** Output units whose δ is spelled out under a hidden weight's chain (all of them in the tutorials' nets). */
const OUTPUT_UNITS_SPELLED = 10;

/** The largest terms first, so a layer of 128 units still reads; the rest are summed in one line. */
const SHOWN_TERMS = 12;

function DeltaOf({ inspection, layer, unit, sample }: { inspection: StepInspection; layer: number; unit: number; sample: number }) {
  const L = inspection.backward.length;
  const back = inspection.backward[layer - 1];
  const z = at(inspection.forward[layer - 1].Z, unit, sample);
  const a = at(inspection.forward[layer - 1].A, unit, sample);
  const delta = at(back.dZ, unit, sample);
  const j = unit + 1;
  if (layer === L && back.fused) {
    const y = at(inspection.Y, unit, sample);
    return (
      <p data-testid="chain-delta">
        δ[{layer}]<sub>{j}</sub> = (a[{layer}]<sub>{j}</sub> − y<sub>{j}</sub>)/m = (<V value={a} /> − <V value={y} />)/{inspection.m} = <V value={delta} /> — the fused
        output gradient: ∂E/∂a · ∂a/∂z simplifies to this for {inspection.forward[L - 1].activation.name} with {inspection.loss.name}.
      </p>
    );
  }
  const dA = at(back.dA, unit, sample);
  const gPrime = back.gPrime ? at(back.gPrime, unit, sample) : null;
  const upstream =
    layer === L ? (
      <>
        ∂E/∂a[{L}]<sub>{j}</sub> = <V value={dA} /> (from the loss)
      </>
    ) : (
      <>
        ∂E/∂a[{layer}]<sub>{j}</sub> = Σ<sub>i</sub> W[{layer + 1}]<sub>i{j}</sub>·δ[{layer + 1}]<sub>i</sub> = <V value={dA} />
      </>
    );
  return (
    <>
      <p data-testid="chain-delta">
        δ[{layer}]<sub>{j}</sub> = ∂E/∂a[{layer}]<sub>{j}</sub> ·{' '}
        {gPrime !== null ? (
          <>
            g′(z[{layer}]<sub>{j}</sub> = <V value={z} />) = <V value={dA} /> · <V value={gPrime} /> = <V value={delta} />
          </>
        ) : (
          <>
            (softmax couples the units: a<sub>{j}</sub>·(∂E/∂a<sub>{j}</sub> − Σ<sub>i</sub> a<sub>i</sub>·∂E/∂a<sub>i</sub>)) = <V value={delta} />
          </>
        )}
      </p>
      <p>{upstream}</p>
      {layer < L && <NextLayerTerms inspection={inspection} layer={layer} unit={unit} sample={sample} />}
    </>
  );
}

function NextLayerTerms({ inspection, layer, unit, sample }: { inspection: StepInspection; layer: number; unit: number; sample: number }) {
  const W = inspection.forward[layer].W;
  const dZ = inspection.backward[layer].dZ;
  const terms = Array.from({ length: W.rows }, (_, i) => ({ i, w: at(W, i, unit), delta: at(dZ, i, sample) })).map((t) => ({ ...t, product: t.w * t.delta }));
  const sorted = [...terms].sort((p, q) => Math.abs(q.product) - Math.abs(p.product));
  const shown = sorted.slice(0, SHOWN_TERMS);
  const rest = sorted.slice(SHOWN_TERMS).reduce((sum, t) => sum + t.product, 0);
  const total = terms.reduce((sum, t) => sum + t.product, 0);
  return (
    <table className="chain-terms" data-testid="chain-next-terms">
      <thead>
        <tr>
          <th>unit i of layer {layer + 1}</th>
          <th>
            W[{layer + 1}]<sub>i{unit + 1}</sub>
          </th>
          <th>
            δ[{layer + 1}]<sub>i</sub>
          </th>
          <th>product</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((t) => (
          <tr key={t.i}>
            <td>{t.i + 1}</td>
            <td>
              <V value={t.w} />
            </td>
            <td>
              <V value={t.delta} />
            </td>
            <td>
              <V value={t.product} />
            </td>
          </tr>
        ))}
        {sorted.length > SHOWN_TERMS && (
          <tr className="muted">
            <td colSpan={3}>the other {sorted.length - SHOWN_TERMS} units</td>
            <td>
              <V value={rest} />
            </td>
          </tr>
        )}
        <tr className="chain-total">
          <td colSpan={3}>sum = ∂E/∂a[{layer}]</td>
          <td>
            <V value={total} />
          </td>
        </tr>
      </tbody>
    </table>
  );
}

export interface ChainRuleProps {
  inspection: StepInspection;
  weight: WeightChoice;
  sample: number;
  onSample: (sample: number) => void;
  onCheck: () => Promise<WeightCheck>;
}

export function ChainRule({ inspection, weight, sample, onSample, onCheck }: ChainRuleProps) {
  const { layer, row, col } = weight;
  const [check, setCheck] = useState<{ result?: WeightCheck; error?: string; busy: boolean } | null>(null);
  useEffect(() => setCheck(null), [inspection, layer, row, col]);
  const j = row + 1;
  const k = col + 1;
  const back = inspection.backward[layer - 1];
  const A_prev = inspection.forward[layer - 1].A_prev;
  const dW = at(back.dW, row, col);
  const terms = inspection.rows.map((datasetRow, s) => ({ datasetRow, s, delta: at(back.dZ, row, s), a: at(A_prev, col, s) }));
  const L = inspection.backward.length;
  const l2 = inspection.update.l2;
  const w = at(inspection.forward[layer - 1].W, row, col);
  return (
    <section className="chain-rule panel" data-testid="chain-rule" data-layer={layer} data-row={row} data-col={col}>
      <h3>
        One weight: w[{layer}]<sub>{j}{k}</sub> = <V value={w} /> (unit {j} of layer {layer}, from {layer === 1 ? `input ${k}` : `unit ${k} of layer ${layer - 1}`})
      </h3>
      <p>
        ∂E/∂w[{layer}]<sub>{j}{k}</sub> = ∂E/∂z[{layer}]<sub>{j}</sub> · ∂z[{layer}]<sub>{j}</sub>/∂w = Σ<sub>samples</sub> δ[{layer}]<sub>{j}</sub> · a[{layer - 1}]<sub>{k}</sub> ={' '}
        <strong data-testid="chain-dw">
          <V value={dW} />
        </strong>{' '}
        = dW[{layer}]<sub>{j}{k}</sub>
      </p>
      <table className="chain-terms" data-testid="chain-sample-terms">
        <thead>
          <tr>
            <th>sample</th>
            <th>
              δ[{layer}]<sub>{j}</sub>
            </th>
            <th>
              a[{layer - 1}]<sub>{k}</sub>
            </th>
            <th>product</th>
          </tr>
        </thead>
        <tbody>
          {terms.map((t) => (
            <tr key={t.s} className={t.s === sample ? 'selected' : undefined} onClick={() => onSample(t.s)}>
              <td>#{t.datasetRow}</td>
              <td>
                <V value={t.delta} />
              </td>
              <td>
                <V value={t.a} />
              </td>
              <td>
                <V value={t.delta * t.a} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>
        Where δ[{layer}]<sub>{j}</sub> of sample #{inspection.rows[sample]} comes from
      </h4>
      <DeltaOf inspection={inspection} layer={layer} unit={row} sample={sample} />
      {Array.from({ length: L - layer }, (_, i) => layer + 1 + i).map((upper) => (
        <p key={upper} className="muted">
          δ[{upper}] for this sample: [{Array.from({ length: inspection.backward[upper - 1].dZ.rows }, (_, u) => formatValue(at(inspection.backward[upper - 1].dZ, u, sample))).join(', ')}]
          {upper === L ? ' — the output layer, where the chain starts:' : ` — built from δ[${upper + 1}] the same way`}
        </p>
      ))}
      {layer < L &&
        Array.from({ length: Math.min(OUTPUT_UNITS_SPELLED, inspection.backward[L - 1].dZ.rows) }, (_, unit) => (
          <div key={unit} className="chain-output">
            <DeltaOf inspection={inspection} layer={L} unit={unit} sample={sample} />
          </div>
        ))}
      <div className="chain-check">
        <button
          type="button"
          data-testid="chain-check"
          disabled={check?.busy}
          onClick={() => {
            setCheck({ busy: true });
            onCheck().then(
              (result) => setCheck({ result, busy: false }),
              (error: Error) => setCheck({ error: error.message, busy: false }),
            );
          }}
        >
          Compare with finite differences
        </button>
        {check?.result && (
          <span data-testid="chain-check-result" data-relative-error={check.result.relativeError}>
            backprop {l2 > 0 ? '(with λ·w)' : ''} <V value={check.result.analytic} /> · (E(w + h) − E(w − h))/2h = <V value={check.result.numeric} /> · relative error{' '}
            <strong>{check.result.relativeError.toExponential(2)}</strong> {check.result.relativeError < 1e-7 ? '✓ agree' : '✗ disagree'}
          </span>
        )}
        {check?.error && <span className="form-error">{check.error}</span>}
      </div>
    </section>
  );
}
