import { utilityProcess } from 'electron';
import trainingProcessPath from './training-process?modulePath';
import type { TrainingProcess, TrainingProcessFactory } from './training-process-handle';

// Production process factory: each run in an Electron utility process (a Node.js child launched by
// Chromium's service API, killed with the app). utilityProcess reports only an exit code.

export const utilityTrainingProcesses: TrainingProcessFactory = {
  spawn(): TrainingProcess {
    const child = utilityProcess.fork(trainingProcessPath, [], { serviceName: 'NN Workbench trainer' });
    return {
      postMessage: (request) => child.postMessage(request),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener({ code, signal: null })),
      kill: () => void child.kill(),
    };
  },
};
