import { ColumnProfiler, inferColumns } from '../../../../shared/data/column-inference';
import { SNIFF_BYTES, sniffCsv } from '../../../../shared/data/csv-sniff';
import { DatasetBuilder } from '../../../../shared/data/dataset-builder';
import { chosenReading } from '../../../../shared/data/import-csv';
import { suggestImportPlan } from '../../../../shared/data/import-plan';
import type { CsvBuildRequest, CsvImportRequest, CsvInspectRequest } from './csv-import-messages';
import { streamCsv } from './csv-stream';
import { createReplies, datasetBuffers, type Replies } from './worker-replies';

// The CSV import off the UI thread, in the two passes of src/shared/data/import-csv.ts, over a File
// streamed from disk: "inspect" sniffs the head and profiles every row (types, missing values,
// suggested roles and plan); "build" reads the file again into a DatasetBuilder following the plan
// the user edited. Memory stays at the dataset's own size: no copy of the file's text is kept.

const replies = createReplies((message, transfer) => self.postMessage(message, { transfer }));

function read(file: File, phase: string, onRecords: (records: string[][]) => void, delimiter: string, encoding: 'utf-8' | 'windows-1252', out: Replies) {
  return streamCsv(file.stream(), {
    fileName: file.name,
    delimiter,
    encoding,
    onRecords,
    onBytes: (done) => out.progress({ phase, done, total: file.size }),
  });
}

async function inspect({ file, reading }: CsvInspectRequest): Promise<void> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const sniff = chosenReading(sniffCsv(head, file.name, { complete: file.size <= SNIFF_BYTES, previewRows: 20 }), reading);
  const profiler = new ColumnProfiler({ fileName: file.name, hasHeader: sniff.hasHeader, format: sniff });
  await read(file, 'Reading', (records) => profiler.add(records), sniff.delimiter, sniff.encoding, replies);
  const profile = profiler.profile();
  const inference = inferColumns(profile);
  const plan = suggestImportPlan(sniff, profile, inference);
  replies.done({ sniff, profile, inference, plan });
}

async function build({ file, plan, expectedRows }: CsvBuildRequest): Promise<void> {
  const builder = new DatasetBuilder(plan, { expectedRows });
  await read(file, 'Building', (records) => builder.add(records), plan.delimiter, plan.encoding, replies);
  const result = builder.finish();
  replies.done(result, datasetBuffers(result.dataset));
}

self.onmessage = ({ data }: MessageEvent<CsvImportRequest>) => {
  (data.type === 'inspect' ? inspect(data) : build(data)).catch((error: unknown) => replies.fail(error));
};
