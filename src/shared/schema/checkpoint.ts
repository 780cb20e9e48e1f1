import { z } from 'zod';
import { ExperimentSchema, type Experiment } from './experiment';
import { OPTIMIZER_NAMES } from './names';
import { EpochEventSchema } from './progress';
import { NormalizationSchema } from './weights';

// Checkpoint JSON v1: everything a run needs to go on exactly where it stopped (after a completed
// epoch). Numbers that must come back bit for bit — parameters, optimizer state, the row order —
// are base64 of their little-endian bytes (float64 or float32 as the experiment's dtype, int32 for
// the order), which also keeps the file a fraction of the size of decimal text. Tensors are in
// the network's parameter order: W and b of layer 1, then of layer 2, …; sizes are checked here
// against the experiment's layers, so a checkpoint of another model is refused by field.

export const CHECKPOINT_FORMAT = 'nn-workbench.checkpoint';
export const CHECKPOINT_VERSION = 1;

/** zod 4's number refuses NaN and ±Infinity itself ("expected number, received Infinity"). */
const finite = z.number();
const whole = z.number().int('expected a whole number').min(0, 'expected a number ≥ 0');
const uint32 = whole.max(0xffffffff, 'expected a 32-bit unsigned integer');
const base64 = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'expected base64 text');

/** Bytes the base64 text decodes to (it matched the pattern above). */
export const base64Bytes = (text: string) => (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);

export const RngStateSchema = z.strictObject({
  /** sfc32's four state words. */
  words: z.tuple([uint32, uint32, uint32, uint32]),
  /** The second value of the last Box-Muller pair, when it has not been drawn yet. */
  spareNormal: finite.nullable(),
});

const CheckpointObjectSchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(CHECKPOINT_VERSION),
  /** The run's experiment (its epochs: the length the run was asked for). */
  experiment: ExperimentSchema,
  /** The experiment file the CLI read: data paths in the experiment are relative to it. */
  experimentPath: z.string().optional(),
  /** Features of the dataset (the first layer's inputs). */
  inputs: z.number().int().min(1),
  /** Epochs completed. */
  epoch: z.number().int().min(1),
  /** Training time up to this epoch, so a continued run reports the time of the whole run. */
  seconds: finite.refine((v) => v >= 0, 'expected a number ≥ 0'),
  parameters: z.array(base64),
  optimizer: z.strictObject({
    name: z.enum(OPTIMIZER_NAMES),
    /** Updates applied so far (Adam's t). */
    steps: whole,
    /** By the names its registry entry declares, one array per parameter tensor. */
    arrays: z.record(z.string(), z.array(base64)),
  }),
  rng: z.strictObject({ shuffle: RngStateSchema, dropout: RngStateSchema }),
  /** The training rows in the order of the last epoch (each epoch shuffles the previous order). */
  order: base64,
  /** The lowest monitored loss so far (validation, else training) and the parameters of its epoch. */
  best: z.strictObject({ epoch: z.number().int().min(1), loss: finite, parameters: z.array(base64) }).nullable(),
  /** Early stopping's count of epochs since the last improvement. */
  epochsWithoutImprovement: whole,
  lastEvent: EpochEventSchema.optional(),
  bestEvent: EpochEventSchema.optional(),
  /** Regression: how the targets were scaled for training (absent in checkpoints from before scaling: none). */
  targetScaling: NormalizationSchema.optional(),
});

/** Elements of every parameter tensor the experiment's model has on `inputs` features, with their names. */
export function parameterShapes(experiment: Experiment, inputs: number): { name: string; size: number; shape: string }[] {
  let previous = inputs;
  return experiment.model.layers.flatMap((layer, l) => {
    const shapes = [
      { name: `W[${l + 1}]`, size: layer.units * previous, shape: `${layer.units}×${previous}` },
      { name: `b[${l + 1}]`, size: layer.units, shape: `${layer.units}` },
    ];
    previous = layer.units;
    return shapes;
  });
}

type CheckpointObject = z.infer<typeof CheckpointObjectSchema>;

function checkSizes(file: CheckpointObject, ctx: z.RefinementCtx): void {
  const dtype = file.experiment.training.dtype;
  const bytes = dtype === 'float64' ? 8 : 4;
  const shapes = parameterShapes(file.experiment, file.inputs);
  const tensors = (list: string[], path: PropertyKey[]) => {
    if (list.length !== shapes.length) {
      ctx.addIssue({ code: 'custom', path, message: `expected ${shapes.length} tensors (W and b of ${shapes.length / 2} layers), found ${list.length}` });
      return;
    }
    list.forEach((text, i) => {
      const { name, size, shape } = shapes[i];
      const found = base64Bytes(text);
      if (found !== size * bytes) {
        const values = found % bytes === 0 ? `${found / bytes}` : `${found} bytes, not whole ${dtype} values`;
        ctx.addIssue({ code: 'custom', path: [...path, i], message: `${name} is ${shape} = ${size} ${dtype} values in this experiment, found ${values}` });
      }
    });
  };
  tensors(file.parameters, ['parameters']);
  for (const [name, list] of Object.entries(file.optimizer.arrays)) tensors(list, ['optimizer', 'arrays', name]);
  if (file.best) {
    tensors(file.best.parameters, ['best', 'parameters']);
    if (file.best.epoch > file.epoch) ctx.addIssue({ code: 'custom', path: ['best', 'epoch'], message: `the best epoch (${file.best.epoch}) comes after the checkpoint's epoch ${file.epoch}` });
  }
  if (base64Bytes(file.order) % 4 !== 0 || base64Bytes(file.order) === 0) {
    ctx.addIssue({ code: 'custom', path: ['order'], message: 'expected the training rows as int32 values (a whole number of 4 bytes, at least one row)' });
  }
  const scaling = file.targetScaling;
  // "none" has no lists to check.
  if (scaling) {
    const outputs = file.experiment.model.layers[file.experiment.model.layers.length - 1].units;
    for (const [key, values] of Object.entries(scaling)) {
      if (Array.isArray(values) && values.length !== outputs) {
        ctx.addIssue({ code: 'custom', path: ['targetScaling', key], message: `expected ${outputs} numbers (one per output unit), found ${values.length}` });
      }
    }
  }
  if (file.epoch > file.experiment.training.epochs) {
    ctx.addIssue({ code: 'custom', path: ['epoch'], message: `epoch ${file.epoch} is past the experiment's ${file.experiment.training.epochs} epochs` });
  }
}

export const CheckpointFileSchema = CheckpointObjectSchema.superRefine(checkSizes);
export type CheckpointFile = z.infer<typeof CheckpointFileSchema>;
export type RngStateJson = z.infer<typeof RngStateSchema>;
