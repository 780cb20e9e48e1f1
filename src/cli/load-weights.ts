import type { WeightsFile } from '../shared/schema/weights';
import { parseWeights } from '../shared/nn/weights-json';
import { readText } from './files';

/** Reads and validates a weights JSON file; errors name the file and the field. */
export function loadWeightsFile(path: string): WeightsFile {
  const text = readText(path, 'weights file');
  try {
    return parseWeights(text);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}.`);
  }
}
