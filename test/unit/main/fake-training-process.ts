import type { TrainerEvent, TrainerRequest } from '../../../src/shared/schema/protocol';
import type { ProcessExit, TrainingProcess, TrainingProcessFactory } from '../../../src/main/training-process-handle';

// An in-memory stand-in for a training process: records what the pool sends, lets the test play
// the process's part (send events, exit), and records kills.

export class FakeTrainingProcess implements TrainingProcess {
  readonly received: TrainerRequest[] = [];
  killed = false;
  private messageListeners: ((message: unknown) => void)[] = [];
  private exitListeners: ((exit: ProcessExit) => void)[] = [];

  postMessage(request: TrainerRequest) {
    this.received.push(request);
  }
  onMessage(listener: (message: unknown) => void) {
    this.messageListeners.push(listener);
  }
  onExit(listener: (exit: ProcessExit) => void) {
    this.exitListeners.push(listener);
  }
  kill() {
    this.killed = true;
  }

  /** Play the process: send a message to the pool (typed loosely to allow invalid ones). */
  send(message: TrainerEvent | Record<string, unknown>) {
    for (const listener of this.messageListeners) listener(message);
  }
  exit(exit: ProcessExit) {
    for (const listener of this.exitListeners) listener(exit);
  }
  get runId(): string {
    return this.received[0].runId;
  }
}

export function fakeTrainingProcesses(): TrainingProcessFactory & { spawned: FakeTrainingProcess[] } {
  const spawned: FakeTrainingProcess[] = [];
  return {
    spawned,
    spawn() {
      const process = new FakeTrainingProcess();
      spawned.push(process);
      return process;
    },
  };
}
