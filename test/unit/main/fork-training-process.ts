import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TrainingProcess, TrainingProcessFactory } from '../../../src/main/training-process-handle';

// The real training-process entry as a plain Node child (TypeScript loaded by tsx), with the
// structured-clone IPC that Electron's utilityProcess also uses. Tests get at the children to
// kill them like a crash would.

export const TRAINING_PROCESS_ENTRY = fileURLToPath(new URL('../../../src/main/training-process.ts', import.meta.url));

/** `preload`: modules to load before the entry (e.g. a probe a test needs). */
export function forkTrainingProcess(preload: string[] = []): ChildProcess {
  return fork(TRAINING_PROCESS_ENTRY, [], {
    execArgv: ['--import', 'tsx', ...preload.flatMap((file) => ['--import', file])],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

export function nodeTrainingProcesses(): TrainingProcessFactory & { children: ChildProcess[] } {
  const children: ChildProcess[] = [];
  return {
    children,
    spawn(): TrainingProcess {
      const child = forkTrainingProcess();
      children.push(child);
      return {
        postMessage: (request) => child.send(request),
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => child.on('exit', (code, signal) => listener({ code, signal })),
        kill: () => void child.kill(),
      };
    },
  };
}
