import type { TrainerEvent } from '../shared/schema/protocol';

type EpochMessage = Extract<TrainerEvent, { type: 'epoch' }>;

// A fast run can finish thousands of epochs a second; the renderer only needs enough of them to
// draw live curves. Forward at most one epoch event per interval, always the newest: the latest
// pending one goes out when the interval ends, and `flush` (called before a run's end event) sends
// whatever is pending, so the final epoch is never lost.

export interface ProgressThrottle {
  push(message: EpochMessage): void;
  /** Send the pending epoch now, if there is one. */
  flush(): void;
  /** Drop the pending epoch and its timer (the run is gone). */
  dispose(): void;
}

export function createProgressThrottle(intervalMs: number, forward: (message: EpochMessage) => void): ProgressThrottle {
  let lastSentAt = -Infinity;
  let pending: EpochMessage | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function send(message: EpochMessage) {
    lastSentAt = Date.now();
    forward(message);
  }

  function flush() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const message = pending;
    pending = undefined;
    if (message) send(message);
  }

  return {
    push(message) {
      const wait = lastSentAt + intervalMs - Date.now();
      if (wait <= 0 && timer === undefined) {
        send(message);
        return;
      }
      pending = message;
      timer ??= setTimeout(flush, Math.max(0, wait));
    },
    flush,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}
