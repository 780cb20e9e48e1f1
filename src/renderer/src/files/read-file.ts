/** Largest JSON file read into memory (weights files have their own, larger limit). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** The text of a file the user picked, refusing sizes that would freeze the page. */
export async function readTextFile(file: File, maxBytes = MAX_IMPORT_BYTES): Promise<string> {
  if (file.size > maxBytes) {
    throw new Error(`${file.name}: ${(file.size / 1048576).toFixed(1)} MB is larger than the ${maxBytes / 1048576} MB this import accepts`);
  }
  return file.text();
}
