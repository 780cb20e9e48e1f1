import { availableParallelism } from 'node:os';
import { UsageError } from './args';

// `sweep --parallel N`: how many worker processes train runs at once. By default one per core: a
// sweep keeps each run on one thread and uses the cores for parallel runs, and the command itself
// only waits on its workers.

export function parseParallel(text: string | undefined): number {
  if (text === undefined) return availableParallelism();
  if (!/^[1-9]\d*$/.test(text.trim())) throw new UsageError(`--parallel: expected a whole number ≥ 1, got '${text}'.`);
  return Number(text);
}
