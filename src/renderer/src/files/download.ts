// Saving a file the app made. In the browser (and in Electron, where the same anchor download opens
// the system's save dialog) an object URL on a temporary link is the one mechanism that needs no
// permission and no server.

export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  downloadFile(fileName, text, type);
}

/** Text or bytes (an export's binary file) as a download. */
export function downloadFile(fileName: string, data: string | Uint8Array<ArrayBuffer>, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference to the blob once started; the URL is only needed for the click.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "spirals · 16-16 tanh · adam 0.01" → "spirals-16-16-tanh-adam-0.01": safe on every file system. */
export function fileSafeName(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[^\w.-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 80) || 'export'
  );
}
