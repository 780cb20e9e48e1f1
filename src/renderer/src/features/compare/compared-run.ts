import type { EpochRecord, RunRecord } from '../../db/database';
import type { BranchPoint } from './branches';

/** One run on the Compare page: its record, history, the name that tells it apart, its colour. */
export interface ComparedRun {
  run: RunRecord;
  label: string;
  /** Its whole history: a continued or forked run's starts with what it inherited from its parents. */
  epochs: EpochRecord[];
  /** Where it branches from another compared run (their common epoch), if it shares epochs with one. */
  branch?: BranchPoint;
  color: string;
  /** Greyed out by "colour the best N". */
  muted: boolean;
}
