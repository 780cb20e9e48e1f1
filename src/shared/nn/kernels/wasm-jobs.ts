import { controlInts, layoutOf, type FieldSlot } from './wasm-control-block';
import { DATASET_LISTS_JOB } from './wasm-job-dataset-lists';
import { GEMM_JOB } from './wasm-job-gemm';
import type { ChunkPlace, Fields, JobKind } from './wasm-job-kind';
import type { KernelExports } from './wasm-module';
import { OPTIMIZER_STEP_JOB } from './wasm-job-optimizer-step';
import { SPARSE_PRODUCT_JOB } from './wasm-job-sparse-product';

// Every kind of job the helper threads run (see wasm-job-kind.ts), in one explicit list: a kind's
// number in the control block is its position here, and its arguments' slots come from its fields.
// A new kind is a file like wasm-job-gemm.ts and a line here.

/** Any kind (the kinds' argument and call types differ). */
export type AnyJobKind = Omit<JobKind<Fields, any>, 'chunk'> & { readonly chunk: (k: KernelExports, a: any, index: number, place: ChunkPlace) => void };

export const JOB_KINDS: readonly AnyJobKind[] = [GEMM_JOB, SPARSE_PRODUCT_JOB, OPTIMIZER_STEP_JOB, DATASET_LISTS_JOB];

/** A kind's number and the slots of its arguments. */
export interface JobEntry {
  id: number;
  layout: readonly FieldSlot[];
}

export const JOB_ENTRIES: ReadonlyMap<AnyJobKind, JobEntry> = new Map(JOB_KINDS.map((kind, id) => [kind, { id, layout: layoutOf(kind.fields) }]));

/** Int32 slots of the control block: the header and the largest kind's arguments, rounded to whole float64. */
export const CONTROL_INTS = Math.ceil(controlInts([...JOB_ENTRIES.values()].map((entry) => entry.layout)) / 2) * 2;
