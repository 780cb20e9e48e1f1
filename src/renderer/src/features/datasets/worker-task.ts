import type { CsvSniff } from '../../../../shared/data/csv-sniff';

// One import job in its own Web Worker: post the request, report progress, resolve with the result,
// and terminate the worker when it is done, failed or cancelled, so a cancelled 100 MB parse stops
// at once and leaves nothing running. Both sides of the conversation are typed here.

export interface ImportProgress {
  /** What is happening, for the progress label ("Reading", "Decoding images"). */
  phase: string;
  done: number;
  total: number;
}

/** An error as it crosses the worker boundary: the message, and where in the file when known. */
export interface ImportFailure {
  message: string;
  file?: string;
  row?: number;
  column?: string;
  /** A CSV file's reading as detected (with the user's choices) when it got that far, for the wizard to offer changing it. */
  sniff?: CsvSniff;
}

export type WorkerReply<T> =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; result: T }
  | { type: 'error'; error: ImportFailure };

/** The error an import task rejects with; `cancelled` when the user stopped it. */
export class ImportTaskError extends Error implements ImportFailure {
  readonly file?: string;
  readonly row?: number;
  readonly column?: string;
  readonly sniff?: CsvSniff;
  readonly cancelled: boolean;

  constructor(failure: ImportFailure, cancelled = false) {
    super(failure.message);
    this.name = 'ImportTaskError';
    if (failure.file !== undefined) this.file = failure.file;
    if (failure.row !== undefined) this.row = failure.row;
    if (failure.column !== undefined) this.column = failure.column;
    if (failure.sniff !== undefined) this.sniff = failure.sniff;
    this.cancelled = cancelled;
  }
}

export interface ImportTask<T> {
  result: Promise<T>;
  cancel(): void;
}

/** The part of a Worker used here, so tests can stand in for one. */
export interface WorkerPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** `transfer`: buffers of the request handed to the worker rather than copied (they become unusable here). */
export function runWorkerTask<T>(worker: WorkerPort, request: unknown, onProgress: (progress: ImportProgress) => void, transfer: Transferable[] = []): ImportTask<T> {
  let settle: { resolve(value: T): void; reject(error: ImportTaskError): void } | undefined;
  const result = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = (outcome: { value: T } | { error: ImportTaskError }) => {
    if (!settle) return;
    const { resolve, reject } = settle;
    settle = undefined;
    worker.onmessage = null;
    worker.onerror = null;
    worker.terminate();
    if ('value' in outcome) resolve(outcome.value);
    else reject(outcome.error);
  };
  worker.onmessage = ({ data }: MessageEvent<WorkerReply<T>>) => {
    if (data.type === 'progress') onProgress(data.progress);
    else if (data.type === 'done') finish({ value: data.result });
    else finish({ error: new ImportTaskError(data.error) });
  };
  worker.onerror = (event) => {
    event.preventDefault();
    finish({ error: new ImportTaskError({ message: `The import worker stopped: ${event.message || 'it could not start'}` }) });
  };
  worker.postMessage(request, transfer);
  return {
    result,
    cancel: () => finish({ error: new ImportTaskError({ message: 'Import cancelled.' }, true) }),
  };
}
