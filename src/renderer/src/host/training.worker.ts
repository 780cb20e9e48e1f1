import { createTrainerEndpoint } from '../../../shared/engine/trainer-endpoint';

// A module Web Worker running the shared trainer endpoint: the browser's counterpart of the
// Electron utility process. It speaks the same validated protocol.

const endpoint = createTrainerEndpoint((event) => self.postMessage(event));
self.onmessage = (message: MessageEvent) => endpoint.handle(message.data);
