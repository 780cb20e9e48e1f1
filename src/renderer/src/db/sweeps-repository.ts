import Dexie from 'dexie';
import type { SweepPlan } from '../../../shared/engine/sweep-plan';
import type { EpochEvent } from '../../../shared/schema/progress';
import type { Sweep } from '../../../shared/schema/sweep';
import type { WeightsFile } from '../../../shared/schema/weights';
import type { RunRecord, SweepRecord, SweepRunRecord, SweepStatus, WorkbenchDatabase } from './database';

// Every read and write of sweeps. A sweep is stored with all its planned runs before any trains,
// so what is left to do is always in the database: after a restart the pending runs (and those
// that were training when the app closed) are simply launched again.

const range = (sweepId: string) => [[sweepId, Dexie.minKey], [sweepId, Dexie.maxKey]] as const;

export class SweepsRepository {
  constructor(private readonly db: WorkbenchDatabase) {}

  async create({ id, name, definition, plan, createdAt }: { id: string; name: string; definition: Sweep; plan: SweepPlan; createdAt: number }): Promise<SweepRecord> {
    const record: SweepRecord = { id, name, createdAt, status: 'running', activeSince: createdAt, activeMs: 0, definition, planId: plan.sweepId, total: plan.runs.length, combinations: plan.combinations };
    await this.db.transaction('rw', this.db.sweeps, this.db.sweepRuns, async () => {
      await this.db.sweeps.add(record);
      await this.db.sweepRuns.bulkAdd(
        plan.runs.map((run) => ({ sweepId: id, index: run.index, key: run.key, configKey: run.configKey, config: run.config, repeat: run.repeat, experiment: run.experiment, status: 'pending' as const })),
      );
    });
    return record;
  }

  /**
   * Store imported results (a CLI results file) as a finished sweep; results of a sweep imported
   * before (same plan id) update that sweep through `merge`. Resolves with the sweep's id.
   */
  async saveImported(incoming: { sweep: SweepRecord; runs: SweepRunRecord[] }, merge: (existing: { sweep: SweepRecord; runs: SweepRunRecord[] }) => { sweep: SweepRecord; runs: SweepRunRecord[] }): Promise<string> {
    return this.db.transaction('rw', this.db.sweeps, this.db.sweepRuns, async () => {
      const existing = (await this.db.sweeps.toArray()).find((sweep) => sweep.imported && sweep.planId === incoming.sweep.planId);
      const { sweep, runs } = existing ? merge({ sweep: existing, runs: await this.runs(existing.id) }) : incoming;
      if (existing) await this.db.sweepRuns.where('[sweepId+index]').between(...range(existing.id)).delete();
      await this.db.sweeps.put(sweep);
      await this.db.sweepRuns.bulkAdd(runs);
      return sweep.id;
    });
  }

  /**
   * Attach runs trained elsewhere (an imported sweep's weights folder): each becomes a run in the
   * runs table with its history and weights, and its sweep run points to it. A run attached before
   * is replaced under its id, so attaching the folder again updates rather than duplicates. One
   * transaction: a failure leaves nothing half-attached.
   */
  async attachRuns(sweepId: string, entries: { index: number; run: RunRecord; epochs: EpochEvent[]; weights?: WeightsFile }[]): Promise<void> {
    const { runs, epochs, runWeights, sweepRuns } = this.db;
    await this.db.transaction('rw', [runs, epochs, runWeights, sweepRuns], async () => {
      for (const { index, run, epochs: events, weights } of entries) {
        const id = run.id;
        await epochs.where('[runId+epoch]').between([id, Dexie.minKey], [id, Dexie.maxKey]).delete();
        await runWeights.delete(id);
        await runs.put(run);
        if (events.length) await epochs.bulkPut(events.map((event) => ({ runId: id, epoch: event.epoch, event })));
        if (weights) await runWeights.put({ runId: id, final: weights });
        await sweepRuns.update([sweepId, index], { runId: id });
      }
    });
  }

  /** Newest first. */
  list(): Promise<SweepRecord[]> {
    return this.db.sweeps.orderBy('createdAt').reverse().toArray();
  }

  get(id: string): Promise<SweepRecord | undefined> {
    return this.db.sweeps.get(id);
  }

  /** Which sweep each launched run belongs to, by run id (for the Runs list's filter and groups). */
  async sweepOfRuns(): Promise<Map<string, string>> {
    const launched = await this.db.sweepRuns.where('runId').above('').toArray();
    return new Map(launched.map((run) => [run.runId!, run.sweepId]));
  }

  /** In plan order. */
  runs(sweepId: string): Promise<SweepRunRecord[]> {
    return this.db.sweepRuns.where('[sweepId+index]').between(...range(sweepId)).toArray();
  }

  /**
   * Moves the sweep to `status` at time `at`, keeping the time it has spent running (pauses and
   * cancelled stretches excluded) for its time-left estimate.
   */
  async setStatus(id: string, status: SweepStatus, at: number): Promise<void> {
    await this.db.transaction('rw', this.db.sweeps, async () => {
      const sweep = await this.db.sweeps.get(id);
      if (!sweep) return;
      const wasRunning = sweep.status === 'running';
      const changes: Partial<SweepRecord> = { status };
      if (wasRunning && status !== 'running') changes.activeMs = (sweep.activeMs ?? 0) + Math.max(0, at - (sweep.activeSince ?? sweep.createdAt));
      if (status === 'running' && !wasRunning) changes.activeSince = at;
      changes.endedAt = status === 'done' || status === 'cancelled' ? at : undefined;
      await this.db.sweeps.update(id, changes);
    });
  }

  /** After a restart the time the app was closed is not running time: count from now. */
  async restartClock(id: string, at: number): Promise<void> {
    await this.db.sweeps.update(id, { activeSince: at });
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

  /** Resuming a cancelled sweep: its cancelled runs go back to pending (trained from the start). */
  async requeueCancelled(sweepId: string): Promise<number> {
    return this.db.sweepRuns
      .where('[sweepId+index]')
      .between(...range(sweepId))
      .and((run) => run.status === 'cancelled')
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
