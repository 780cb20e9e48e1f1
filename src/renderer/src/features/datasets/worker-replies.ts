import type { ImportFailure, ImportProgress, WorkerReply } from './worker-task';

// The worker side of an import task (see worker-task.ts): progress at most every 50 ms so a fast
// parse does not flood the page with messages, the result with its buffers transferred (not
// copied), and any error as a plain object keeping ImportError's file, row and column.

const PROGRESS_INTERVAL_MS = 50;

type Post = (message: WorkerReply<unknown>, transfer?: Transferable[]) => void;

export interface Replies {
  progress(progress: ImportProgress): void;
  done(result: unknown, transfer?: Transferable[]): void;
  /** `sniff`: how a CSV file was being read (see ImportFailure). */
  fail(error: unknown, sniff?: ImportFailure['sniff']): void;
}

export function failureOf(error: unknown): ImportFailure {
  if (!(error instanceof Error)) return { message: String(error) };
  const { file, row, column } = error as Error & { file?: string; row?: number; column?: string };
  return {
    message: error.message,
    ...(typeof file === 'string' ? { file } : {}),
    ...(typeof row === 'number' ? { row } : {}),
    ...(typeof column === 'string' ? { column } : {}),
  };
}

export function createReplies(post: Post, now: () => number = () => performance.now()): Replies {
  let last = -Infinity;
  return {
    progress(progress) {
      const at = now();
      if (at - last < PROGRESS_INTERVAL_MS && progress.done < progress.total) return;
      last = at;
      post({ type: 'progress', progress });
    },
    done: (result, transfer = []) => post({ type: 'done', result }, transfer),
    fail: (error, sniff) => post({ type: 'error', error: { ...failureOf(error), ...(sniff ? { sniff } : {}) } }),
  };
}

/** The buffers of a dataset's typed arrays, to transfer instead of copying them. */
export function datasetBuffers(dataset: {
  x: { buffer: ArrayBufferLike };
  target: { kind: 'classes'; labels: Int32Array } | { kind: 'values'; values: Float64Array };
  split?: { train: Int32Array; validation: Int32Array; test?: Int32Array };
}): Transferable[] {
  const arrays = [dataset.x, dataset.target.kind === 'classes' ? dataset.target.labels : dataset.target.values];
  if (dataset.split) arrays.push(dataset.split.train, dataset.split.validation, ...(dataset.split.test ? [dataset.split.test] : []));
  // A buffer may back several arrays; each is transferred once.
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
