import Dexie from 'dexie';
import type { SweepPlan } from '../../../shared/engine/sweep-plan';
import type { Sweep } from '../../../shared/schema/sweep';
import type { SweepRecord, SweepRunRecord, SweepStatus, WorkbenchDatabase } from './database';

// Every read and write of sweeps. A sweep is stored with all its planned runs before any trains,
// so what is left to do is always in the database: after a restart the pending runs (and those
// that were training when the app closed) are simply launched again.

const range = (sweepId: string) => [[sweepId, Dexie.minKey], [sweepId, Dexie.maxKey]] as const;

export class SweepsRepository {
  constructor(private readonly db: WorkbenchDatabase) {}

  async create({ id, name, definition, plan, createdAt }: { id: string; name: string; definition: Sweep; plan: SweepPlan; createdAt: number }): Promise<SweepRecord> {
    const record: SweepRecord = { id, name, createdAt, status: 'running', definition, planId: plan.sweepId, total: plan.runs.length, combinations: plan.combinations };
    await this.db.transaction('rw', this.db.sweeps, this.db.sweepRuns, async () => {
      await this.db.sweeps.add(record);
      await this.db.sweepRuns.bulkAdd(
        plan.runs.map((run) => ({ sweepId: id, index: run.index, key: run.key, configKey: run.configKey, config: run.config, repeat: run.repeat, experiment: run.experiment, status: 'pending' as const })),
      );
    });
    return record;
  }

  /** Store finished results (a merged CLI results file) as a sweep that is already done. */
  async createFinished(record: SweepRecord, runs: SweepRunRecord[]): Promise<void> {
    await this.db.transaction('rw', this.db.sweeps, this.db.sweepRuns, async () => {
      await this.db.sweeps.add(record);
      await this.db.sweepRuns.bulkAdd(runs);
    });
  }

  /** Newest first. */
  list(): Promise<SweepRecord[]> {
    return this.db.sweeps.orderBy('createdAt').reverse().toArray();
  }

  get(id: string): Promise<SweepRecord | undefined> {
    return this.db.sweeps.get(id);
  }

  /** In plan order. */
  runs(sweepId: string): Promise<SweepRunRecord[]> {
    return this.db.sweepRuns.where('[sweepId+index]').between(...range(sweepId)).toArray();
  }

  async setStatus(id: string, status: SweepStatus, at?: number): Promise<void> {
    await this.db.sweeps.update(id, { status, ...(at !== undefined ? { endedAt: at } : {}) });
  }

  /** Sweeps that were running when last written (to resume after a restart). */
  async runningIds(): Promise<string[]> {
    return (await this.db.sweeps.where('status').equals('running').primaryKeys()) as string[];
  }

  async updateRun(sweepId: string, index: number, changes: Partial<SweepRunRecord>): Promise<void> {
    await this.db.sweepRuns.update([sweepId, index], changes);
  }

  /** Runs whose training was lost (the app closed) go back to pending, to be launched again. */
  async requeueUnfinished(sweepId: string): Promise<number> {
    return this.db.sweepRuns
      .where('[sweepId+index]')
      .between(...range(sweepId))
      .and((run) => run.status === 'running' || run.status === 'interrupted')
      .modify({ status: 'pending', runId: undefined, message: undefined });
  }

  /** Cancelling a sweep cancels every run not launched yet. */
  async cancelPending(sweepId: string): Promise<void> {
    await this.db.sweepRuns
      .where('[sweepId+index]')
      .between(...range(sweepId))
      .and((run) => run.status === 'pending')
      .modify({ status: 'cancelled', message: 'The sweep was cancelled before this run started.' });
  }

  /** Removes the sweep and its run list; the trained runs stay on the Runs page. */
  async delete(id: string): Promise<void> {
    await this.db.transaction('rw', this.db.sweeps, this.db.sweepRuns, async () => {
      await this.db.sweepRuns.where('[sweepId+index]').between(...range(id)).delete();
      await this.db.sweeps.delete(id);
    });
  }
}
