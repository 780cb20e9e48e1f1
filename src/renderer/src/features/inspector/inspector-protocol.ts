import type { Normalization } from '../../../../shared/data/dataset';
import type { ImageGeometry } from '../../../../shared/data/image-geometry';
import type { StepInspection, StepSelection, WeightCheck } from '../../../../shared/engine/inspect-step';
import type { Experiment } from '../../../../shared/schema/experiment';
import type { WeightsFile } from '../../../../shared/schema/weights';

// The conversation between the inspector page and its worker, which holds one StepInspector:
// the page opens it on a state, then asks for inspections, steps and single-weight checks.
// Every request carries an id; the worker answers each with the same id.

export interface OpenRequest {
  type: 'open';
  experiment: Experiment;
  /** The worker reads the experiment's dataset itself; shipped ones are fetched from these addresses. */
  assetUrls: Record<string, string>;
  /** The state: stored weights, or none for the initialization or a replay. */
  weights?: WeightsFile;
  /** A continued run's starting weights, which a replay starts from. */
  initialWeights?: WeightsFile;
  epoch: number;
}

export type InspectorRequest =
  | OpenRequest
  | { type: 'inspect'; selection: StepSelection; gradcheck: boolean }
  | { type: 'step'; selection: StepSelection }
  | { type: 'checkWeight'; selection: StepSelection; layer: number; kind: 'W' | 'b'; row: number; col: number };

export interface Opened {
  datasetName: string;
  /** For image datasets: the inputs can be drawn as pictures. */
  geometry: ImageGeometry | null;
  /** How the inputs were normalized before the network read them (A[0] says so). */
  inputsNormalization: Normalization['kind'];
  batches: number;
  batchSize: number;
  trainRows: number;
  rows: number;
}

export type InspectorResult = Opened | StepInspection | WeightCheck | null;

export type OpenPhase = 'dataset' | 'replay';

export type InspectorReply =
  /** Opening: blocks of the dataset read, then epochs replayed. */
  | { id: number; type: 'progress'; phase: OpenPhase; done: number; of: number }
  | { id: number; type: 'done'; result: InspectorResult }
  | { id: number; type: 'error'; message: string };
