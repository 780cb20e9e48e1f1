// Which runs an open page is still training. The page that trains a run holds a Web Lock named
// after it until the run is stored as ended; the browser releases a page's locks when the page
// closes, reloads or crashes. Waiting for a run's lock therefore answers "has it been abandoned?"
// without guessing: at once for a run whose page is gone, only later for one another tab trains.

const PREFIX = 'nn-workbench:run:';

/** Holds the run's lock until the returned function is called. Take it before the run is stored. */
export function holdRunLock(runId: string): () => void {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  void navigator.locks?.request(PREFIX + runId, () => released);
  return release;
}

/** Calls `onAbandoned` once no open page holds the run's lock. */
export function whenRunAbandoned(runId: string, onAbandoned: () => Promise<unknown>): void {
  if (navigator.locks) void navigator.locks.request(PREFIX + runId, onAbandoned);
  else void onAbandoned();
}
