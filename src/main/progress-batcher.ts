import type { TrainerEvent } from '../shared/schema/protocol';

type EpochMessage = Extract<TrainerEvent, { type: 'epoch' }>;

// A fast run can finish thousands of epochs a second. Sending each one to the renderer as its own
// IPC message would flood it, yet every epoch belongs in the run's stored history and curves (the
// browser host keeps them all too). So epochs are collected and sent as one batch at most once per
// interval: the first at once, the rest when the interval since the previous batch has passed.
// Whatever is pending when the run ends leaves with its end event (see `drain`).

export interface ProgressBatcher {
  push(message: EpochMessage): void;
  /** Take the epochs not sent yet, to send them with the run's end; stops the timer. */
  drain(): EpochMessage[];
  /** Drop pending epochs and the timer (the run is gone). */
  dispose(): void;
}

export function createProgressBatcher(intervalMs: number, send: (batch: EpochMessage[]) => void): ProgressBatcher {
  let lastSentAt = -Infinity;
  let pending: EpochMessage[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function drain(): EpochMessage[] {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    return batch;
  }

  function flush() {
    lastSentAt = Date.now();
    send(drain());
  }

  return {
    push(message) {
      pending.push(message);
      if (timer !== undefined) return;
      const wait = lastSentAt + intervalMs - Date.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    drain,
    dispose() {
      drain();
    },
  };
}
