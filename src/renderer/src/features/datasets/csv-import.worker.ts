import { inferColumns } from '../../../../shared/data/column-inference';
import { parseCsvStream } from '../../../../shared/data/csv-parse';
import type { CsvDelimiter, CsvEncoding, CsvSniff } from '../../../../shared/data/csv-sniff';
import { DatasetBuilder } from '../../../../shared/data/dataset-builder';
import { profileCsv, sniffWithChoices } from '../../../../shared/data/import-csv';
import { suggestImportPlan } from '../../../../shared/data/import-plan';
import type { CsvBuildRequest, CsvImportRequest, CsvInspectRequest } from './csv-import-messages';
import { fileBytes, fileHead, isGzipFile } from './file-bytes';
import { createReplies, datasetBuffers } from './worker-replies';

// The CSV import off the UI thread, in the two passes of src/shared/data/import-csv.ts, over a File
// streamed from disk (and through gzip decompression for a .gz file): "inspect" sniffs the head
// with the user's reading choices and profiles every row (types, missing values, suggested roles
// and plan); "build" reads the file again into a DatasetBuilder following the plan the user
// edited. Memory stays at the dataset's own size: no copy of the file's text is kept.

const replies = createReplies((message, transfer) => self.postMessage(message, { transfer }));

function read(file: File, gzip: boolean, phase: string, delimiter: CsvDelimiter, encoding: CsvEncoding, onRecords: (records: string[][]) => void) {
  const bytes = fileBytes(file, gzip, (done) => replies.progress({ phase, done, total: file.size }));
  return parseCsvStream(bytes, { fileName: file.name, delimiter, encoding, onRecords });
}

async function inspect({ file, reading }: CsvInspectRequest): Promise<void> {
  const { head, complete, gzip } = await fileHead(file);
  const options = { previewRows: 20 };
  // A file that fails further on (a row with too many fields, a quote never closed) still tells the
  // wizard how it was read, so its reading choices can be shown to change.
  let sniffed: CsvSniff | undefined;
  try {
    sniffed = sniffWithChoices(head, file.name, { ...options, complete }, reading);
    const bytes = () => fileBytes(file, gzip, (done) => replies.progress({ phase: 'Reading', done, total: file.size }));
    const { sniff, profile } = await profileCsv({ fileName: file.name, head, complete }, bytes, options, reading);
    const inference = inferColumns(profile);
    const plan = suggestImportPlan(sniff, profile, inference);
    replies.done({ sniff, profile, inference, plan, gzip });
  } catch (error) {
    replies.fail(error, sniffed);
  }
}

async function build({ file, plan, expectedRows }: CsvBuildRequest): Promise<void> {
  const gzip = await isGzipFile(file);
  const builder = new DatasetBuilder(plan, { expectedRows });
  await read(file, gzip, 'Building', plan.delimiter, plan.encoding, (records) => builder.add(records));
  const result = builder.finish();
  replies.done(result, datasetBuffers(result.dataset));
}

self.onmessage = ({ data }: MessageEvent<CsvImportRequest>) => {
  (data.type === 'inspect' ? inspect(data) : build(data)).catch((error: unknown) => replies.fail(error));
};
