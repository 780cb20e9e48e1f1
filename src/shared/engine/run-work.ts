import type { Experiment } from '../schema/experiment';

// A rough, unit-free estimate of how long a run trains, only for ordering a sweep's runs (longest
// first). Per epoch a dense network does work proportional to its weights, and each batch costs a
// fixed overhead on top: each layer makes about ten kernel calls per batch, each costing about as
// much as a few hundred multiply-adds, so small batches are slower per sample. The
// input width is unknown before the dataset loads; as it is the same for every run of a sweep, the
// first layer is counted as if it had one input, which keeps the order between runs.

/** Per layer and batch, in multiply-adds. */
const BATCH_OVERHEAD = 2000;

export function estimatedRunWork(experiment: Experiment, epochs = experiment.training.epochs): number {
  let previous = 1;
  let weights = 0;
  for (const layer of experiment.model.layers) {
    weights += previous * layer.units + layer.units;
    previous = layer.units;
  }
  const batch = experiment.training.batchSize === 'full' ? Infinity : experiment.training.batchSize;
  return epochs * (weights + BATCH_OVERHEAD * (experiment.model.layers.length / Math.min(batch, 1e6)));
}
