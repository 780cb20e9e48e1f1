import type { TrainerRequest } from '../shared/schema/protocol';

// What the training pool needs from "a process that trains one run", so the pool can be tested
// with fakes and run with either Electron's utilityProcess or a Node child process.

export interface ProcessExit {
  /** Exit code, when the process exited on its own. */
  code: number | null;
  /** Signal name, when the OS reports one (Node child processes; utilityProcess gives a code only). */
  signal: string | null;
}

export interface TrainingProcess {
  postMessage(request: TrainerRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: ProcessExit) => void): void;
  kill(): void;
}

export interface TrainingProcessFactory {
  spawn(): TrainingProcess;
}

/** A sentence for a run that lost its process before it ended. */
export function describeUnexpectedExit({ code, signal }: ProcessExit): string {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
  return `The training process ${how} before the run finished.`;
}
