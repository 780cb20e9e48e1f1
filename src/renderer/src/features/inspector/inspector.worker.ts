import { imageGeometry } from '../../../../shared/data/image-geometry';
import { StepInspector } from '../../../../shared/engine/inspect-step';
import { loadDatasetInWorker } from '../datasets/worker-dataset-loader';
import type { InspectorReply, InspectorRequest, InspectorResult } from './inspector-protocol';

// The step inspector's own Web Worker: replays, forward and backward passes and gradient checks
// never run on the page's thread. One inspector at a time; opening another replaces it.

let inspector: StepInspector | null = null;

const post = (reply: InspectorReply) => self.postMessage(reply);

async function handle(id: number, request: InspectorRequest): Promise<InspectorResult> {
  if (request.type === 'open') {
    const { experiment, assetUrls, weights, initialWeights, epoch } = request;
    inspector = null;
    const dataset = await loadDatasetInWorker(experiment.dataset, assetUrls, (done, of) => post({ id, type: 'progress', phase: 'dataset', done, of }));
    inspector = await StepInspector.create(experiment, dataset, {
      weights,
      initialWeights,
      epoch,
      onEpoch: (done, of) => post({ id, type: 'progress', phase: 'replay', done, of }),
    });
    const { count, size } = inspector.batching;
    return {
      datasetName: dataset.name,
      geometry: imageGeometry(dataset.featureNames),
      inputsNormalization: inspector.inputsNormalization,
      batches: count,
      batchSize: size,
      trainRows: inspector.trainRows.length,
      rows: dataset.rows,
    };
  }
  if (!inspector) throw new Error('The inspector has no network open yet.');
  switch (request.type) {
    case 'inspect':
      return inspector.inspect(request.selection, { gradcheck: request.gradcheck });
    case 'step':
      inspector.takeStep(request.selection);
      return null;
    case 'checkWeight':
      return inspector.checkWeight(request.selection, request.layer, request.kind, request.row, request.col);
  }
}

self.onmessage = ({ data }: MessageEvent<{ id: number; request: InspectorRequest }>) => {
  handle(data.id, data.request).then(
    (result) => post({ id: data.id, type: 'done', result }),
    (error: unknown) => post({ id: data.id, type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
};
