import type { TrainCheckpoint } from '../shared/nn/checkpoint';
import { validateCheckpoint } from '../shared/nn/checkpoint-json';
import type { CheckpointFile } from '../shared/schema/checkpoint';
import { readJson } from './files';

/** Reads and validates a checkpoint file; errors name the file and the field. */
export function loadCheckpointFile(path: string): { file: CheckpointFile; checkpoint: TrainCheckpoint } {
  const value = readJson(path, 'checkpoint file');
  try {
    return validateCheckpoint(value);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}.`);
  }
}
