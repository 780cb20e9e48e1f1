import { MAX_WEIGHTS_CHARS, parseWeights } from '../../../../shared/nn/weights-json';
import type { WeightsFile } from '../../../../shared/schema/weights';
import { runWorkerTask, type WorkerPort } from '../datasets/worker-task';

/** Above this size a weights file is parsed in a worker; below it, parsing takes a frame or two. */
export const WORKER_PARSE_BYTES = 4 * 1024 * 1024;

const createWorker = (): WorkerPort => new Worker(new URL('./weights-parse.worker.ts', import.meta.url), { type: 'module', name: 'weights-parse' });

/**
 * A weights file the user picked, checked field by field: refused by its size before it is read,
 * and parsed off the UI thread when large (a 55 MB file froze the page for about a second).
 */
export async function readWeightsFile(file: Pick<File, 'size' | 'text'>, worker: () => WorkerPort = createWorker): Promise<WeightsFile> {
  if (file.size > MAX_WEIGHTS_CHARS) {
    throw new Error(`${(file.size / 1048576).toFixed(1)} MB is larger than the ${MAX_WEIGHTS_CHARS / 1048576} MB limit for weights files`);
  }
  if (file.size <= WORKER_PARSE_BYTES) return parseWeights(await file.text());
  return runWorkerTask<WeightsFile>(worker(), { file }, () => {}).result;
}
