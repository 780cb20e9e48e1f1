// A long training loop in a worker must give the host a chance to deliver its messages (a stop
// request) now and then. setTimeout(0) would do, but it waits at least 1 ms in Node and, once
// nested, 4 ms in browsers: yielding every 30 ms then costs 3% to 13% of the run. setImmediate
// (Node, the Electron utility process) and a MessageChannel message (browsers, Web Workers) come
// back as soon as pending messages have been handled.

type Resume = () => void;

export function channelYield(): () => Promise<void> {
  const channel = new MessageChannel();
  const waiting: Resume[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  // In Node a port with a listener would keep the process alive; browsers have no unref.
  (channel.port1 as { unref?: () => void }).unref?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
}

function pickYield(): () => Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: Resume) => unknown }).setImmediate;
  if (typeof immediate === 'function') return () => new Promise<void>((resolve) => immediate(resolve));
  if (typeof MessageChannel === 'function') return channelYield();
  return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** Resolves once the host has handled the messages and events waiting for this thread. */
export const yieldToEventLoop: () => Promise<void> = pickYield();
