import { describe, expect, it } from 'vitest';
import { readWeightsFile, WORKER_PARSE_BYTES } from '../../../src/renderer/src/features/runs/read-weights-file';
import type { WorkerPort } from '../../../src/renderer/src/features/datasets/worker-task';
import { resolveSyntheticDataset } from '../../../src/shared/data/synthetic';
import { runSession } from '../../../src/shared/engine/session';
import { parseWeights, serializeWeights } from '../../../src/shared/nn/weights-json';
import { ExperimentSchema } from '../../../src/shared/schema/experiment';

// Large weights files are parsed in a worker, never on the UI thread; a file over the limit is
// refused by its size before a byte is read.

const experiment = ExperimentSchema.parse({
  dataset: { synthetic: 'xor' },
  model: { layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
  training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 2, seed: 1 },
});
const text = serializeWeights((await runSession(experiment, resolveSyntheticDataset({ synthetic: 'xor', seed: 0 }))).weights!);

/** A worker that does what weights-parse.worker.ts does, recording that it was used. */
function fakeWorker(started: { file?: unknown }[]): () => WorkerPort {
  return () => {
    const port: WorkerPort = {
      onmessage: null,
      onerror: null,
      terminate: () => {},
      postMessage(request: unknown) {
        started.push(request as { file?: unknown });
        const { file } = request as { file: File };
        void file.text().then((content) => {
          try {
            port.onmessage?.({ data: { type: 'done', result: parseWeights(content) } } as MessageEvent);
          } catch (error) {
            port.onmessage?.({ data: { type: 'error', error: { message: (error as Error).message } } } as MessageEvent);
          }
        });
      },
    };
    return port;
  };
}

describe('reading a weights file in the app', () => {
  it('parses a small file at once, without a worker', async () => {
    const started: { file?: unknown }[] = [];
    expect(await readWeightsFile(new File([text], 'w.json'), fakeWorker(started))).toEqual(parseWeights(text));
    expect(started).toEqual([]);
  });

  it('hands a large file to a worker and returns what it checked', async () => {
    const started: { file?: unknown }[] = [];
    // The same weights, padded with whitespace past the worker threshold.
    const large = new File([text, ' '.repeat(WORKER_PARSE_BYTES)], 'big.json');
    expect(await readWeightsFile(large, fakeWorker(started))).toEqual(parseWeights(text));
    expect(started).toEqual([{ file: large }]);
    const broken = new File([text.replace('"layers"', '"layerz"'), ' '.repeat(WORKER_PARSE_BYTES)], 'broken.json');
    await expect(readWeightsFile(broken, fakeWorker(started))).rejects.toThrow(/layers/);
  });

  it('refuses a file over the limit by its size, before reading it', async () => {
    const unread = { size: 150 * 1048576, text: () => Promise.reject(new Error('read')) };
    await expect(readWeightsFile(unread, () => { throw new Error('no worker'); })).rejects.toThrow('150.0 MB is larger than the 64 MB limit for weights files');
  });
});
