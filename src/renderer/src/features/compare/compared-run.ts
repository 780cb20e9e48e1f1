import type { EpochRecord, RunRecord } from '../../db/database';

/** One run on the Compare page: its record, history, the name that tells it apart, its colour. */
export interface ComparedRun {
  run: RunRecord;
  label: string;
  epochs: EpochRecord[];
  color: string;
  /** Greyed out by "colour the best N". */
  muted: boolean;
}
