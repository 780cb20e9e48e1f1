import { describeIssue, TrainerRequestSchema, type TrainerEvent } from '../shared/schema/protocol';
import { IPC_CHANNELS, type IpcAnswer } from '../shared/schema/workbench-api';
import type { TrainerPool } from './trainer-pool';
import type { IpcSender } from './trusted-sender';

// The main process's IPC surface: one invoke channel taking a TrainerRequest (start or cancel),
// checked for its sender, validated with the shared protocol schema, and answered with a sentence
// the renderer can show when refused. Run updates go back to the window that started the run.

export interface InvokeEvent extends IpcSender {
  sender: { send(channel: string, events: TrainerEvent[]): void; isDestroyed(): boolean };
}

export interface IpcOptions {
  /** ipcMain.handle, injected so the handlers are testable without Electron. */
  handle(channel: string, handler: (event: InvokeEvent, payload: unknown) => IpcAnswer): void;
  pool: Pick<TrainerPool, 'start' | 'cancel' | 'has'>;
  isTrustedSender(event: InvokeEvent): boolean;
}

const refuse = (error: string): IpcAnswer => ({ ok: false, error });

export function registerIpcHandlers({ handle, pool, isTrustedSender }: IpcOptions): void {
  handle(IPC_CHANNELS.trainerRequest, (event, payload) => {
    if (!isTrustedSender(event)) return refuse('Refused: training requests are only accepted from the NN Workbench window.');
    const parsed = TrainerRequestSchema.safeParse(payload);
    if (!parsed.success) return refuse(`Invalid training request — ${describeIssue(parsed.error)}`);
    const request = parsed.data;

    // Cancelling a run that already ended is harmless: its end event is on its way or delivered.
    if (request.type === 'cancel') {
      pool.cancel(request.runId);
      return { ok: true };
    }
    if (pool.has(request.runId)) return refuse(`A run with id "${request.runId}" is already queued or running.`);
    const { sender } = event;
    pool.start(request, (events) => {
      if (!sender.isDestroyed()) sender.send(IPC_CHANNELS.trainerEvents, events);
    });
    return { ok: true };
  });
}
