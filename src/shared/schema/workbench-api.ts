import type { StartRunRequest, TrainerEvent } from './protocol';

// The one object the Electron preload exposes to the renderer as `window.workbench`, and the IPC
// channels behind it. Types and names only (no zod): the preload runs sandboxed and should stay a
// few lines of glue; the main process validates every payload with the protocol schemas.

export const IPC_CHANNELS = {
  /** Renderer → main (invoke): a TrainerRequest (start or cancel), answered with an IpcAnswer. */
  trainerRequest: 'workbench:trainer-request',
  /** Main → renderer: TrainerEvent[] updates (at most ~20/s per run) of runs this window started. */
  trainerEvents: 'workbench:trainer-events',
} as const;

/** What the main process answers to an invoke: accepted, or refused with a sentence for the user. */
export type IpcAnswer = { ok: true } | { ok: false; error: string };

export interface WorkbenchApi {
  readonly platform: {
    /** Node's platform name: 'linux', 'darwin', 'win32'. */
    readonly os: string;
    readonly electron: string;
  };
  /** Queue a run in the main process's training pool. Rejects with a readable message if refused. */
  startRun(request: Omit<StartRunRequest, 'type'>): Promise<void>;
  /** Cancel a queued or running run; its listener still gets the final `end` event. */
  cancelRun(runId: string): Promise<void>;
  /** Receive every event of every run started from this window, in order; returns the unsubscribe function. */
  onTrainerEvent(listener: (event: TrainerEvent) => void): () => void;
}
