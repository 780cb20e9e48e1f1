import Dexie from 'dexie';
import type { ForkChange } from '../../../shared/engine/fork';
import type { Experiment } from '../../../shared/schema/experiment';
import type { EpochEvent } from '../../../shared/schema/progress';
import type { RunResult } from '../../../shared/schema/protocol';
import type { CheckpointFile } from '../../../shared/schema/checkpoint';
import type { EpochRecord, RunCheckpointRecord, RunRecord, RunViewRecord, RunWeightsRecord, WorkbenchDatabase } from './database';

// Every read and write of runs goes through here, so the rules live in one place: a run's metric
// history only grows, an ended run never changes status again, and a run that was queued or
// training when its page died is marked interrupted with its completed epochs kept.

export interface NewRun {
  id: string;
  name: string;
  experiment: Experiment;
  datasetName: string;
  host: RunRecord['host'];
  createdAt: number;
  experimentId?: string;
  continuedFrom?: string;
  resumedFromEpoch?: number;
  forkChanges?: ForkChange[];
}

const ACTIVE_STATUSES: RunRecord['status'][] = ['queued', 'running'];

export class RunsRepository {
  constructor(private readonly db: WorkbenchDatabase) {}

  async create(run: NewRun): Promise<RunRecord> {
    const record: RunRecord = {
      ...run,
      status: 'queued',
      totalEpochs: run.experiment.training.epochs,
      epochsDone: run.resumedFromEpoch ?? 0,
    };
    await this.db.runs.add(record);
    return record;
  }

  async markStarted(id: string, at: number): Promise<void> {
    await this.db.runs.where({ id }).and((run) => run.status === 'queued').modify({ status: 'running', startedAt: at });
  }

  /**
   * Store epochs (in order) and make the last one the run's current metrics, in one transaction.
   * An epoch's look into the network goes to its own table. Ignored once the run has been deleted,
   * so a deleted run leaves no stray history behind.
   */
  async appendEpochs(id: string, events: EpochEvent[]): Promise<void> {
    if (events.length === 0) return;
    const last = events[events.length - 1];
    const views: RunViewRecord[] = events.flatMap(({ epoch, view }) => (view ? [{ runId: id, epoch, view }] : []));
    await this.db.transaction('rw', this.db.runs, this.db.epochs, this.db.runViews, async () => {
      if (!(await this.db.runs.get(id))) return;
      await this.db.epochs.bulkPut(events.map(({ view: _view, ...event }) => ({ runId: id, epoch: event.epoch, event })));
      if (views.length) await this.db.runViews.bulkPut(views);
      await this.db.runs.update(id, {
        epochsDone: last.epoch,
        metrics: { train: last.train, validation: last.validation, seconds: last.seconds },
      });
    });
  }

  /**
   * Replace the run's checkpoint, in one transaction with the check that the run still exists (a
   * deleted run keeps none). Older checkpoints than the stored one are ignored.
   */
  async saveCheckpoint(id: string, checkpoint: CheckpointFile): Promise<void> {
    await this.db.transaction('rw', this.db.runs, this.db.runCheckpoints, async () => {
      if (!(await this.db.runs.get(id))) return;
      const stored = await this.db.runCheckpoints.get(id);
      if (stored && stored.checkpoint.epoch >= checkpoint.epoch) return;
      await this.db.runCheckpoints.put({ runId: id, checkpoint });
    });
  }

  checkpoint(id: string): Promise<RunCheckpointRecord | undefined> {
    return this.db.runCheckpoints.get(id);
  }

  /** Record how the run ended and its weights. Ignored if the run has already ended. */
  async finish(id: string, result: RunResult, at: number): Promise<void> {
    await this.db.transaction('rw', this.db.runs, this.db.runWeights, async () => {
      const run = await this.db.runs.get(id);
      if (!run || !ACTIVE_STATUSES.includes(run.status)) return;
      await this.db.runs.update(id, {
        status: result.status,
        endedAt: at,
        message: result.message,
        bestEpoch: result.bestEpoch,
      });
      if (result.weights || result.bestWeights) {
        await this.db.runWeights.put({ runId: id, final: result.weights, best: result.bestWeights });
      }
    });
  }

  /**
   * What a run reported since the last write, in one transaction (the run recorder's batch): its
   * start, its epochs, its newest checkpoint and its end, in that order.
   */
  async record(id: string, batch: { startedAt?: number; epochs: EpochEvent[]; checkpoint?: CheckpointFile; end?: { result: RunResult; at: number } }): Promise<void> {
    const { runs, epochs, runViews, runCheckpoints, runWeights } = this.db;
    await this.db.transaction('rw', [runs, epochs, runViews, runCheckpoints, runWeights], async () => {
      if (batch.startedAt !== undefined) await this.markStarted(id, batch.startedAt);
      if (batch.epochs.length > 0) await this.appendEpochs(id, batch.epochs);
      if (batch.checkpoint) await this.saveCheckpoint(id, batch.checkpoint);
      if (batch.end) await this.finish(id, batch.end.result, batch.end.at);
    });
  }

  /** Runs that were queued or training when last written: live elsewhere, or abandoned. */
  async activeRunIds(): Promise<string[]> {
    return (await this.db.runs.where('status').anyOf(ACTIVE_STATUSES).primaryKeys()) as string[];
  }

  /**
   * Mark a run nobody trains any more as interrupted, keeping its completed epochs. Returns false
   * (and changes nothing) when the run has ended in the meantime.
   */
  async markInterrupted(id: string, at: number): Promise<boolean> {
    return this.db.transaction('rw', this.db.runs, async () => {
      const run = await this.db.runs.get(id);
      if (!run || !ACTIVE_STATUSES.includes(run.status)) return false;
      await this.db.runs.update(id, {
        status: 'interrupted',
        endedAt: at,
        message:
          run.status === 'queued'
            ? 'The app closed before this run started.'
            : `The app closed during training; ${run.epochsDone} of ${run.totalEpochs} epochs were kept.`,
      });
      return true;
    });
  }

  /** The user's labels (trimmed, without duplicates or empty ones) and notes. */
  async annotate(id: string, { tags, notes }: { tags?: string[]; notes?: string }): Promise<void> {
    const changes: Partial<RunRecord> = {};
    if (tags) changes.tags = [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))];
    if (notes !== undefined) changes.notes = notes;
    await this.db.runs.update(id, changes);
  }

  /** Remove a run with its history and weights. A run still training keeps training but is no longer stored. */
  async delete(id: string): Promise<void> {
    await this.db.transaction('rw', [this.db.runs, this.db.epochs, this.db.runViews, this.db.runWeights, this.db.runCheckpoints], async () => {
      await this.db.epochs.where('[runId+epoch]').between([id, Dexie.minKey], [id, Dexie.maxKey]).delete();
      await this.db.runCheckpoints.delete(id);
      await this.db.runViews.where('[runId+epoch]').between([id, Dexie.minKey], [id, Dexie.maxKey]).delete();
      await this.db.runWeights.delete(id);
      await this.db.runs.delete(id);
    });
  }

  /** Newest first. */
  list(): Promise<RunRecord[]> {
    return this.db.runs.orderBy('createdAt').reverse().toArray();
  }

  /** In the order asked for; undefined where a run no longer exists. */
  getMany(ids: readonly string[]): Promise<(RunRecord | undefined)[]> {
    return this.db.runs.bulkGet([...ids]);
  }

  get(id: string): Promise<RunRecord | undefined> {
    return this.db.runs.get(id);
  }

  /** The run's metric history, in epoch order. */
  epochs(id: string): Promise<EpochRecord[]> {
    return this.db.epochs.where('[runId+epoch]').between([id, Dexie.minKey], [id, Dexie.maxKey]).toArray();
  }

  /**
   * The run's metric history; a run continued from a checkpoint starts with its parents' epochs up
   * to the one it went on from, so its curve is the whole run's.
   */
  async history(id: string, seen = new Set<string>()): Promise<EpochRecord[]> {
    const own = await this.epochs(id);
    seen.add(id);
    const run = await this.db.runs.get(id);
    const from = run?.resumedFromEpoch;
    if (!run?.continuedFrom || from === undefined || seen.has(run.continuedFrom)) return own;
    const earlier = (await this.history(run.continuedFrom, seen)).filter((record) => record.epoch <= from);
    return [...earlier, ...own];
  }

  /**
   * `history(id)` of a run that is still storing epochs, given the history read before: only the
   * epochs stored since are read (the whole history of a 100,000-epoch run takes seconds to read,
   * the new epochs milliseconds), and `previous` itself comes back when there are none.
   */
  async historySince(id: string, previous: EpochRecord[] | undefined): Promise<EpochRecord[]> {
    const last = previous?.at(-1);
    if (!previous || !last) return this.history(id);
    const added = await this.db.epochs.where('[runId+epoch]').between([id, last.epoch], [id, Dexie.maxKey], false, true).toArray();
    return added.length === 0 ? previous : previous.concat(added);
  }

  /** The histories (with what each inherited from its parents) of several runs, read in one transaction. */
  historiesOfMany(ids: readonly string[]): Promise<EpochRecord[][]> {
    return this.db.transaction('r', this.db.runs, this.db.epochs, () => Promise.all(ids.map((id) => this.history(id))));
  }

  /** The runs and every run they were continued or forked from, as far back as those still exist. */
  async withAncestors(ids: readonly string[]): Promise<RunRecord[]> {
    const found = new Map<string, RunRecord>();
    let wanted = [...new Set(ids)];
    while (wanted.length) {
      const records = (await this.db.runs.bulkGet(wanted)).filter((run): run is RunRecord => run !== undefined);
      for (const run of records) found.set(run.id, run);
      wanted = [...new Set(records.flatMap((run) => (run.continuedFrom && !found.has(run.continuedFrom) ? [run.continuedFrom] : [])))];
    }
    return [...found.values()];
  }

  /** The run's most recent look into the network, if the engine sent any. */
  latestView(id: string): Promise<RunViewRecord | undefined> {
    return this.db.runViews.where('[runId+epoch]').between([id, Dexie.minKey], [id, Dexie.maxKey]).last();
  }

  weights(id: string): Promise<RunWeightsRecord | undefined> {
    return this.db.runWeights.get(id);
  }
}
