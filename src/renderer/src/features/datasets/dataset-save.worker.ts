import { WorkbenchDatabase } from '../../db/database';
import { DatasetsRepository, type NewDataset } from '../../db/datasets-repository';
import { createReplies } from './worker-replies';

// Writes an imported dataset to IndexedDB from a worker: serializing tens of megabytes of numbers
// into the database takes the thread doing it for a good half second, and that must not be the
// page's. The page's lists still update: Dexie tells every context of the origin about the change.

const replies = createReplies((message, transfer) => self.postMessage(message, { transfer }));
const repository = new DatasetsRepository(new WorkbenchDatabase());

self.onmessage = ({ data }: MessageEvent<NewDataset>) => {
  repository.save(data, (done, total) => replies.progress({ phase: 'Writing blocks of rows', done, total })).then(
    (record) => replies.done(record),
    (error: unknown) => replies.fail(error),
  );
};
