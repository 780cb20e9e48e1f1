import type { SplitMetrics } from '../schema/progress';
import type { Samples } from './batches';
import type { FloatArray } from './kernels/types';
import type { Loss } from './losses';
import { predictClasses, RegressionAccumulator } from './metrics';

// The metrics of one split (loss, accuracy or MAE/RMSE/R²), accumulated batch by batch. Two kinds of
// batches feed it: an inference pass over the whole set (evaluate in train.ts, the exact figures of
// the weights at the end of an epoch), and the training steps themselves, each batch's outputs and
// loss from its forward pass before its update ("running" metrics, as Keras' per-epoch `loss`:
// nothing is computed twice, so they cost next to nothing, but they mix the weights of the whole
// epoch and, with dropout, its dropped-out network). Each metric is its own accumulator, so a new
// one is an entry in `accumulatorsFor`.

/** One batch of a split: the network's outputs A (outputs × m), its targets Y, its data loss, and which rows it holds. */
export interface MetricBatch {
  output: FloatArray;
  Y: FloatArray;
  m: number;
  /** The loss function's value on this batch (mean over its samples, or the sum for `sse`). */
  loss: number;
  /** The batch's dataset rows, in column order, are rows[start … start + m − 1] (no subarray per step). */
  rows: Int32Array;
  start: number;
}

interface MetricAccumulator {
  add(batch: MetricBatch): void;
  /** Writes this metric's value(s) over every row added so far. */
  write(into: SplitMetrics): void;
}

function lossAccumulator(loss: Loss): MetricAccumulator {
  let total = 0;
  let rows = 0;
  return {
    add(batch) {
      total += loss.meanOverSamples ? batch.loss * batch.m : batch.loss;
      rows += batch.m;
    },
    write(into) {
      into.loss = loss.meanOverSamples ? total / rows : total;
    },
  };
}

function accuracyAccumulator(labels: Int32Array, outputs: number): MetricAccumulator {
  let correct = 0;
  let rows = 0;
  let predicted = new Int32Array(0);
  return {
    add({ output, m, rows: batchRows, start }) {
      if (predicted.length < m) predicted = new Int32Array(m);
      predictClasses(output, outputs, m, predicted);
      for (let j = 0; j < m; j++) if (predicted[j] === labels[batchRows[start + j]]) correct++;
      rows += m;
    },
    write(into) {
      into.accuracy = correct / rows; // 0/0: NaN for a split without rows
    },
  };
}

/** MAE, RMSE and R² in the targets' units (a training scaling of the targets mapped back). */
function regressionAccumulator(samples: Samples, rows: Int32Array): MetricAccumulator {
  const accumulator = new RegressionAccumulator(targetMeans(samples, rows), samples.targetUnits);
  return {
    add: ({ output, Y, m }) => accumulator.add(output, Y, m),
    write(into) {
      Object.assign(into, accumulator.averaged());
    },
  };
}

/** Each target's mean over `rows`, in the targets' units: R²'s reference, known before the first batch. */
function targetMeans(samples: Samples, rows: Int32Array): Float64Array {
  const { outputs, targetUnits: units } = samples;
  const means = new Float64Array(outputs);
  for (const row of rows) {
    for (let i = 0; i < outputs; i++) {
      const y = samples.y[row * outputs + i];
      means[i] += units ? y * units.scale[i] + units.shift[i] : y;
    }
  }
  for (let i = 0; i < outputs; i++) means[i] /= rows.length;
  return means;
}

function accumulatorsFor(samples: Samples, rows: Int32Array, loss: Loss): MetricAccumulator[] {
  const metrics = [lossAccumulator(loss)];
  metrics.push(samples.labels ? accuracyAccumulator(samples.labels, samples.outputs) : regressionAccumulator(samples, rows));
  return metrics;
}

/** The metrics of a split over `rows` (the set every batch is drawn from), fed batch by batch. */
export class SplitMetricsAccumulator {
  private readonly metrics: MetricAccumulator[];

  constructor(samples: Samples, rows: Int32Array, loss: Loss) {
    this.metrics = accumulatorsFor(samples, rows, loss);
  }

  add(batch: MetricBatch): void {
    for (const metric of this.metrics) metric.add(batch);
  }

  result(): SplitMetrics {
    const metrics: SplitMetrics = { loss: NaN };
    for (const metric of this.metrics) metric.write(metrics);
    return metrics;
  }
}
