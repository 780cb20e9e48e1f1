import type { Experiment } from '../schema/experiment';
import type { OptimizerName } from '../schema/names';

// How much memory a run will take, known before anything is allocated: an experiment with two
// hidden layers of 12,000 units grew a browser tab to 6.4 GB before anyone could stop it, and
// 100,000 units died late with V8's "Invalid typed array length". The estimate counts what
// training holds at once (weights, gradients, optimizer state, the best epoch's copy, a batch's
// activations, the dataset's copy in the run's dtype); a run over the budget is refused at
// validation, naming the field that makes it big and the size.

/** Arrays of one entry per parameter each optimizer keeps (optimizers.ts allocates them). */
const STATE_ARRAYS: Record<OptimizerName, number> = { sgd: 0, momentum: 1, rmsprop: 1, adam: 2 };
const OPTIMIZER_LABELS: Record<OptimizerName, string> = { sgd: 'SGD', momentum: 'momentum', rmsprop: 'RMSprop', adam: 'Adam' };
/** Per unit and sample: Z, A, dZ and dA (or a dropout mask). */
const ARRAYS_PER_ACTIVATION = 4;
/** Weights, their gradients, and the copy of the best epoch's weights a run keeps. */
const PARAMETER_COPIES = 3;

/**
 * Most a run may take: 4 GiB, the address space of one WebAssembly memory (the wasm kernels keep a
 * run's arrays in one) and about the largest typed array V8 allocates, or half the machine's memory
 * when that is less, leaving the rest to the system, the app and a second run.
 */
const ADDRESSABLE = 4 * 2 ** 30;

export interface MemoryBudget {
  bytes: number;
  /** How the limit was derived, for the refusal message. */
  reason: string;
}

/** The budget on a machine with `machineBytes` of memory (undefined: not known to this host). */
export function memoryBudget(machineBytes: number | undefined): MemoryBudget {
  if (machineBytes !== undefined && machineBytes / 2 < ADDRESSABLE) {
    return { bytes: machineBytes / 2, reason: `half of this machine's ${formatBytes(machineBytes)} of memory` };
  }
  return { bytes: ADDRESSABLE, reason: 'the most one WebAssembly memory or typed array can address' };
}

let hostBudget = memoryBudget(undefined);

/** Called once by a host that knows the machine's memory (Node: os.totalmem(); a browser: navigator.deviceMemory). */
export function setMachineMemory(bytes: number): void {
  hostBudget = memoryBudget(bytes);
}

export interface RunSize {
  parameters: number;
  bytes: number;
  /** The layer with the most parameters, where a size problem is named. */
  largestLayer: number;
  parts: { parameters: number; optimizer: number; activations: number; dataset: number };
}

/** What `experiment` needs on a dataset of `rows` × `features`. */
export function runSize(experiment: Experiment, rows: number, features: number): RunSize {
  const { model, training } = experiment;
  const bytes = training.dtype === 'float32' ? 4 : 8;
  let fanIn = features;
  let parameters = 0;
  let units = 0;
  let largestLayer = 0;
  let largest = 0;
  model.layers.forEach((layer, l) => {
    const count = layer.units * fanIn + layer.units;
    if (count > largest) [largest, largestLayer] = [count, l];
    parameters += count;
    units += layer.units;
    fanIn = layer.units;
  });
  const batch = training.batchSize === 'full' ? rows : Math.min(training.batchSize, rows);
  const outputs = model.layers.at(-1)!.units;
  const parts = {
    parameters: PARAMETER_COPIES * parameters * bytes,
    optimizer: STATE_ARRAYS[training.optimizer.name] * parameters * bytes,
    activations: ARRAYS_PER_ACTIVATION * batch * units * bytes,
    dataset: rows * (features + outputs) * bytes,
  };
  return { parameters, bytes: parts.parameters + parts.optimizer + parts.activations + parts.dataset, largestLayer, parts };
}

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 1.4 × 10⁸ for large counts, 1,234,567 below ten million. */
export function formatCount(n: number): string {
  if (n < 1e7) return Math.round(n).toLocaleString('en-US');
  // toExponential rounds exactly (no host log10 or **) and carries 9.96e7 over to 1.0e8, not 10.0 × 10⁷
  const [mantissa, exponent] = n.toExponential(1).split('e+');
  const digits = [...exponent].map((d) => SUPERSCRIPTS[Number(d)]).join('');
  return `${mantissa} × 10${digits}`;
}

/** "1.2 MB", "350 kB", "12 bytes", as a file manager writes sizes: every size the app shows. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  // Three digits: 99.9, 100, 999. The unit is chosen on the rounded figure, so 999,999 bytes read
  // "1.0 MB", not "1000 kB", and 99,950 read "100 kB", not "100.0 kB".
  const shown = (value: number) => (Number(value.toFixed(1)) >= 100 ? value.toFixed(0) : value.toFixed(1));
  let value = bytes / 1000;
  let unit = 0;
  while (Number(shown(value)) >= 1000 && unit < units.length - 1) [value, unit] = [value / 1000, unit + 1];
  return `${shown(value)} ${units[unit]}`;
}

/** Why `experiment` cannot run within the budget on `rows` × `features`, naming the field to change; or null. */
export function runBudgetProblem(experiment: Experiment, rows: number, features: number, budget: MemoryBudget = hostBudget): string | null {
  const size = runSize(experiment, rows, features);
  if (size.bytes <= budget.bytes) return null;
  const { training } = experiment;
  const over = `over this machine's limit of ${formatBytes(budget.bytes)} for a run (${budget.reason})`;
  const { parts } = size;
  if (parts.activations > parts.parameters + parts.optimizer && parts.activations > parts.dataset) {
    const batch = training.batchSize === 'full' ? `a full batch of ${formatCount(rows)} rows` : `batches of ${formatCount(training.batchSize)} rows`;
    return `training.batchSize: ${batch} through ${formatCount(experiment.model.layers.reduce((sum, layer) => sum + layer.units, 0))} units need ≈ ${formatBytes(parts.activations)} of activations, ≈ ${formatBytes(size.bytes)} in all, ${over}; use smaller batches`;
  }
  if (parts.dataset > parts.parameters + parts.optimizer) {
    return `dataset: ${formatCount(rows)} rows × ${formatCount(features)} features take ≈ ${formatBytes(parts.dataset)} in ${training.dtype}, ≈ ${formatBytes(size.bytes)} in all, ${over}`;
  }
  const optimizer = OPTIMIZER_LABELS[training.optimizer.name];
  const layer = `model.layers[${size.largestLayer}].units`;
  return (
    `${layer}: ${formatCount(size.parameters)} parameters ≈ ${formatBytes(size.parameters * (training.dtype === 'float32' ? 4 : 8))} in ${training.dtype}; ` +
    `training them with ${optimizer} needs ≈ ${formatBytes(size.bytes)} (weights, gradients, the best epoch's copy${STATE_ARRAYS[training.optimizer.name] ? `, ${optimizer}'s state` : ''}, activations, data), ${over}`
  );
}
