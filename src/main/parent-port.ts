// The channel from a training process to the process that started it. In Electron's utility
// process that is `process.parentPort` (messages arrive wrapped as `{ data }`); under plain Node —
// tests, or any `child_process.fork(…, { serialization: 'advanced' })` — it is the IPC channel of
// `process.send` / `process.on('message')`. Both clone typed arrays with the structured clone
// algorithm, so the same entry file runs unchanged in either.

export interface ParentChannel {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToParent(): ParentChannel {
  const electronPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      postMessage: (message) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (event) => listener(event.data)),
    };
  }
  const send = process.send?.bind(process);
  if (!send) {
    throw new Error('The training process must be started by utilityProcess.fork or child_process.fork (it has no parent channel).');
  }
  // A utility process dies with Electron; a Node child would outlive a crashed parent, so leave with it.
  process.on('disconnect', () => process.exit(0));
  return {
    postMessage: (message) => send(message),
    onMessage: (listener) => process.on('message', listener),
  };
}
