import { parameterShapes, type CheckpointFile } from '../schema/checkpoint';
import type { StartRunRequest, TrainerEvent } from '../schema/protocol';
import type { WeightsFile } from '../schema/weights';

// The protocol's schemas check a worker's message on its own; this checks that what it reports
// belongs to the run it was asked for: weights and checkpoints with the run's layer shapes and
// number type. They are stored and later trained on, exported or compared, so a worker that
// mixed them up (or a bug in one) must fail its run here rather than leave a record that breaks
// whatever opens it next.

type Fit = string | undefined;

function checkpointFit(checkpoint: CheckpointFile, { experiment, dataset }: StartRunRequest): Fit {
  // The schema has checked every tensor against the checkpoint's own experiment and inputs.
  if (checkpoint.inputs !== dataset.features) return `checkpoint.inputs: the run has ${dataset.features} input features, found ${checkpoint.inputs}`;
  if (checkpoint.experiment.training.dtype !== experiment.training.dtype) {
    return `checkpoint.experiment.training.dtype: the run trains in ${experiment.training.dtype}, found ${checkpoint.experiment.training.dtype}`;
  }
  const want = parameterShapes(experiment, dataset.features).map(({ shape }) => shape);
  const found = parameterShapes(checkpoint.experiment, checkpoint.inputs).map(({ shape }) => shape);
  if (want.join() !== found.join()) return `checkpoint.parameters: the run's tensors are ${want.join(', ')}, found ${found.join(', ')}`;
  return undefined;
}

function weightsFit(weights: WeightsFile, { experiment, dataset }: StartRunRequest, path: string): Fit {
  const layers = experiment.model.layers;
  if (weights.layers.length !== layers.length) return `${path}.layers: the run has ${layers.length} layers, found ${weights.layers.length}`;
  if (weights.input.features.length !== dataset.features) {
    return `${path}.input.features: the run has ${dataset.features} input features, found ${weights.input.features.length}`;
  }
  let previous = dataset.features;
  for (const [l, { W, b }] of weights.layers.entries()) {
    const units = layers[l].units;
    const where = `${path}.layers.${l}`;
    if (W.length !== units || W.some((row) => row.length !== previous)) return `${where}.W: W[${l + 1}] is ${units}×${previous} in this run, found another shape`;
    if (b.length !== units) return `${where}.b: b[${l + 1}] has ${units} values in this run, found ${b.length}`;
    previous = units;
  }
  return undefined;
}

/** Why a valid event does not fit its run (a field path and what was expected), or undefined. */
export function runEventMisfit(event: TrainerEvent, request: StartRunRequest): Fit {
  if (event.type === 'checkpoint') return checkpointFit(event.checkpoint, request);
  if (event.type !== 'end') return undefined;
  const { weights, bestWeights } = event.result;
  return (weights && weightsFit(weights, request, 'result.weights')) ?? (bestWeights && weightsFit(bestWeights, request, 'result.bestWeights'));
}
