import type { FloatArray, NetworkInput } from './kernels/types';
import type { Loss } from './losses';
import type { Network } from './network';
import { addL2Gradient, l2Penalty } from './regularization';
import { createRng } from './rng';

// Finite-difference gradient check: compares backpropagation's dW, db with central differences
// (J(θ + h) − J(θ − h)) / 2h of the objective J = loss + λ/2·Σ‖W‖², tensor by tensor. Run it in
// float64 and without dropout; the error measure is ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖) over the checked
// entries, which is ~1e-9 or below when backprop is right and ~1e-2 or worse when it is not.
// The CLI's `gradcheck` command runs it on an experiment via engine/gradcheck-experiment.ts.

export interface GradcheckOptions {
  /** Step h of the central difference. */
  epsilon?: number;
  /** L2 weight decay λ included in the objective. */
  l2?: number;
  /** Check at most this many entries per tensor (chosen with `seed`); all by default. */
  maxEntriesPerTensor?: number;
  seed?: number;
  /** Relative error above which the check fails. */
  threshold?: number;
}

export interface TensorCheck {
  name: string;
  /** Entries compared, and entries in the tensor. */
  checked: number;
  total: number;
  relativeError: number;
  maxAbsoluteError: number;
}

export interface GradcheckReport {
  tensors: TensorCheck[];
  maxRelativeError: number;
  threshold: number;
  passed: boolean;
  /** Analytic gradients of every tensor, in `network.parameters` order (for optimizer-step checks). */
  analytic: Float64Array[];
}

/** J(θ) on the batch: data loss plus the L2 term. */
function objective(network: Network, X: FloatArray | NetworkInput, Y: FloatArray, m: number, loss: Loss, l2: number): number {
  const output = network.forward(X, m);
  return loss.value(output, Y, network.outputs, m) + l2Penalty(network, l2);
}

/**
 * (J(θ + h) − J(θ − h)) / 2h for entry `index` of parameter tensor `tensor` of the network: the
 * finite-difference estimate of that one partial derivative. Leaves the parameter unchanged.
 */
export function centralDifference(
  network: Network,
  X: FloatArray | NetworkInput,
  Y: FloatArray,
  m: number,
  loss: Loss,
  tensor: number,
  index: number,
  { epsilon = 1e-5, l2 = 0 }: { epsilon?: number; l2?: number } = {},
): number {
  const p = network.parameters[tensor];
  const original = p.value[index];
  p.value[index] = original + epsilon;
  const plus = objective(network, X, Y, m, loss, l2);
  p.value[index] = original - epsilon;
  const minus = objective(network, X, Y, m, loss, l2);
  p.value[index] = original;
  return (plus - minus) / (2 * epsilon);
}

/** |g − ĝ| / (|g| + |ĝ|): 0 when both are 0. */
export function relativeError(analytic: number, numeric: number): number {
  const scale = Math.abs(analytic) + Math.abs(numeric);
  return scale === 0 ? 0 : Math.abs(analytic - numeric) / scale;
}

/** Which entries of a tensor of `total` to check: all, or a seeded sample of `limit`. */
function entriesToCheck(total: number, limit: number, seed: number): number[] {
  const all = Array.from({ length: total }, (_, i) => i);
  if (total <= limit) return all;
  const rng = createRng(seed);
  for (let i = 0; i < limit; i++) {
    const j = i + rng.int(total - i);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, limit).sort((a, b) => a - b);
}

/** Compare backprop with finite differences on one batch (X features × m, Y outputs × m). Leaves the parameters unchanged. */
export function gradientCheck(
  network: Network,
  X: FloatArray | NetworkInput,
  Y: FloatArray,
  m: number,
  loss: Loss,
  { epsilon = 1e-5, l2 = 0, maxEntriesPerTensor = Infinity, seed = 0, threshold = 1e-7 }: GradcheckOptions = {},
): GradcheckReport {
  network.forward(X, m);
  network.backward(Y, loss);
  addL2Gradient(network, l2);
  const analytic = network.parameters.map((p) => Float64Array.from(p.grad));

  const tensors = network.parameters.map((p, t): TensorCheck => {
    // The b of a layer without bias is no parameter of the objective: nothing to check.
    const entries = p.trainable ? entriesToCheck(p.value.length, maxEntriesPerTensor, seed + t) : [];
    let differenceSquares = 0;
    let analyticSquares = 0;
    let numericSquares = 0;
    let maxAbsoluteError = 0;
    for (const i of entries) {
      const numeric = centralDifference(network, X, Y, m, loss, t, i, { epsilon, l2 });
      const difference = analytic[t][i] - numeric;
      differenceSquares += difference * difference;
      analyticSquares += analytic[t][i] * analytic[t][i];
      numericSquares += numeric * numeric;
      maxAbsoluteError = Math.max(maxAbsoluteError, Math.abs(difference));
    }
    const scale = Math.sqrt(analyticSquares) + Math.sqrt(numericSquares);
    return {
      name: p.name,
      checked: entries.length,
      total: p.value.length,
      relativeError: scale === 0 ? 0 : Math.sqrt(differenceSquares) / scale,
      maxAbsoluteError,
    };
  });
  const maxRelativeError = Math.max(...tensors.map((t) => t.relativeError));
  return { tensors, maxRelativeError, threshold, passed: maxRelativeError < threshold, analytic };
}

/** A readable table of the report, one line per tensor and a verdict. */
export function formatGradcheckReport(report: GradcheckReport): string {
  const width = Math.max(...report.tensors.map((t) => t.name.length));
  const lines = report.tensors.map(
    (t) =>
      `${t.name.padEnd(width)}  relative error ${t.relativeError.toExponential(2)}  max |Δ| ${t.maxAbsoluteError.toExponential(2)}  (${t.checked} of ${t.total} entries)`,
  );
  lines.push(
    report.passed
      ? `PASS: every relative error is below ${report.threshold.toExponential(0)}`
      : `FAIL: largest relative error ${report.maxRelativeError.toExponential(2)} exceeds ${report.threshold.toExponential(0)}; backpropagation disagrees with finite differences`,
  );
  return lines.join('\n');
}
