// A file an exporter wrote, read back, is not what it should be (or a file offered as one is
// malformed or hostile): the message names the entry or field and what was expected.

export class ExportReadError extends Error {
  override name = 'ExportReadError';
}
