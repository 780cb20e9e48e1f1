import type { RunsRepository } from '../../db/runs-repository';
import { whenRunAbandoned } from './run-locks';

// A run stored as queued or running whose page has gone (closed, reloaded, crashed) will never
// end by itself: mark it interrupted, with its completed epochs kept, as soon as that is certain.

export async function recoverInterruptedRuns(
  repository: RunsRepository,
  whenAbandoned: typeof whenRunAbandoned = whenRunAbandoned,
  now: () => number = Date.now,
): Promise<void> {
  for (const id of await repository.activeRunIds()) {
    whenAbandoned(id, () => repository.markInterrupted(id, now()));
  }
}
