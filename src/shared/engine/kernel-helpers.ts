// How many helper threads a run's large matrix products may use (src/shared/nn/kernels/wasm-threads.ts).
// A run that has the machine to itself gets the other cores; when several runs share it (a sweep,
// a queue), each stays on one thread and the cores go to the runs themselves, which scales better.
// The threaded kernels also time both ways per product shape and fall back to one thread where
// helpers do not pay, so a run that was alone when it started and is joined later loses little.

/** More helpers than this stop paying for the layer sizes of a small network. */
const MAX_HELPERS = 3;

export function kernelHelpersFor({ cores, running, queued }: { cores: number; running: number; queued: number }): number {
  if (running > 1 || queued > 0) return 0;
  return Math.max(0, Math.min(MAX_HELPERS, Math.floor(cores) - 1));
}
