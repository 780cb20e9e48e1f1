import { parseWeights } from '../../../../shared/nn/weights-json';
import { createReplies } from '../datasets/worker-replies';

// Reads and checks a large weights file off the UI thread (a 55 MB file froze the page for about a
// second while JSON.parse and the schema ran); only the checked file travels back.

const replies = createReplies((message, transfer) => self.postMessage(message, { transfer }));

self.onmessage = ({ data }: MessageEvent<{ file: File }>) => {
  data.file
    .text()
    .then((text) => replies.done(parseWeights(text)))
    .catch((error: unknown) => replies.fail(error));
};
