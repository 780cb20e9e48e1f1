// How many runs train at once on a machine with `cores` cores, in the Electron pool and in the
// browser's workers alike: all but one, which stays with the UI (the main process and the
// renderer, or the page), and never fewer than one.
export const parallelRuns = (cores: number): number => Math.max(1, cores - 1);
