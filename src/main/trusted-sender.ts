// Every IPC message is checked against where it came from: our window's webContents, its main
// frame (not an iframe a page could embed), showing one of our own pages. Anything else — another
// window, a frame, a page that somehow navigated away — is refused before its payload is read.

export interface IpcSender {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

export function isFromAppWindow(event: IpcSender, windowContents: unknown, ownsUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  return event.sender === windowContents && frame !== null && frame.parent === null && ownsUrl(frame.url);
}
