import type { WeightsFile } from '../shared/schema/weights';
import { MAX_WEIGHTS_CHARS, parseWeights } from '../shared/nn/weights-json';
import { fileSize, readText } from './files';

/** Reads and validates a weights JSON file; errors name the file and the field. */
export function loadWeightsFile(path: string): WeightsFile {
  // By its size on disk, before reading: a file of gigabytes would be read whole just to be refused
  // (weights JSON is ASCII, so its bytes are its characters).
  const bytes = fileSize(path, 'weights file');
  if (bytes > MAX_WEIGHTS_CHARS) {
    throw new Error(`${path}: ${(bytes / 1048576).toFixed(1)} MB is larger than the ${MAX_WEIGHTS_CHARS / 1048576} MB limit for weights files.`);
  }
  const text = readText(path, 'weights file');
  try {
    return parseWeights(text);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}.`);
  }
}
