import { createTrainerEndpoint } from '../shared/engine/trainer-endpoint';
import { connectToParent } from './parent-port';

// Entry of one training process (bundled by electron-vite through `?modulePath`, forked by the
// pool): the shared trainer endpoint wired to the parent's message channel. All validation and
// training happen in the endpoint; this file only connects the two ends.

const parent = connectToParent();
const endpoint = createTrainerEndpoint((event) => parent.postMessage(event));
parent.onMessage((message) => endpoint.handle(message));
