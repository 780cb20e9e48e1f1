import { halvingSurvivors } from '../../../../shared/engine/successive-halving';
import { planSweep, rungEpochs } from '../../../../shared/engine/sweep-plan';
import type { RunResult } from '../../../../shared/schema/protocol';
import type { Sweep } from '../../../../shared/schema/sweep';
import type { SweepRunRecord } from '../../db/database';
import type { RunsRepository } from '../../db/runs-repository';
import type { SweepsRepository } from '../../db/sweeps-repository';
import type { RunLauncher } from '../runs/run-launcher';

// Runs sweeps through the ordinary run launcher, so every run of a sweep is a normal run (live
// charts, history, weights on the Runs page) trained by whichever host the app has. The runner
// keeps at most `slots` runs in flight across all sweeps and feeds the next pending run as one
// ends; pausing stops the feeding, cancelling also cancels what is training. All state is in the
// database, so a sweep left running when the app closed picks up its remaining runs on start.
// One page feeds a sweep: it holds the sweep's Web Lock, and a second tab waits for that lock, so
// it takes the sweep over only once the first page has gone instead of training every run twice.

export interface SweepRunner {
  /** Plans and stores the sweep, then starts it; resolves with its id. Throws the planner's message for a bad sweep. */
  start(definition: Sweep, name: string): Promise<string>;
  pause(id: string): Promise<void>;
  /** Resumes a paused sweep, or a cancelled one with its cancelled runs trained again. */
  resume(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  /** On app start: sweeps that were running or paused get back the runs whose training was lost; running ones continue. */
  restore(): Promise<void>;
}

export interface SweepRunnerOptions {
  sweeps: SweepsRepository;
  runs: RunsRepository;
  launcher: RunLauncher;
  /** Runs in flight at once: the host's parallelism (all cores but one). */
  slots: number;
  now?: () => number;
  newId?: () => string;
  /** Calls `onHeld` once this page holds the sweep's lock, which it then keeps until it closes. */
  holdSweep?: (sweepId: string, onHeld: () => Promise<void>) => void;
}

const LOCK_PREFIX = 'nn-workbench:sweep:';

/** Web Locks where the browser has them; elsewhere (tests under Node) this page is the only one. */
function holdSweepLock(sweepId: string, onHeld: () => Promise<void>): void {
  const locks = globalThis.navigator?.locks;
  if (!locks) {
    void onHeld();
    return;
  }
  void locks.request(LOCK_PREFIX + sweepId, async () => {
    await onHeld();
    await new Promise<never>(() => {});
  });
}

export function createSweepRunner({
  sweeps,
  runs,
  launcher,
  slots,
  now = Date.now,
  newId = () => crypto.randomUUID(),
  holdSweep = holdSweepLock,
}: SweepRunnerOptions): SweepRunner {
  /** Sweeps this page holds the lock of, and so feeds. */
  const held = new Set<string>();
  /** Run ids in flight, by sweep. */
  const inFlight = new Map<string, Map<number, string>>();
  const flying = () => [...inFlight.values()].reduce((sum, runsOf) => sum + runsOf.size, 0);
  // Feeding is serialized: two runs ending together must not both launch the same pending run.
  let feeding: Promise<void> = Promise.resolve();

  function feed(): Promise<void> {
    feeding = feeding.then(feedNow, feedNow);
    return feeding;
  }

  async function feedNow(): Promise<void> {
    for (const id of (await sweeps.runningIds()).filter((sweepId) => held.has(sweepId))) {
      if (flying() >= slots) return;
      const own = inFlight.get(id) ?? new Map<number, string>();
      inFlight.set(id, own);
      let pending = (await sweeps.runs(id)).filter((run) => run.status === 'pending' && !own.has(run.index));
      if (pending.length === 0 && own.size === 0) {
        pending = await nextRung(id);
        if (pending.length === 0) {
          await sweeps.setStatus(id, 'done', now());
          inFlight.delete(id);
          continue;
        }
      }
      for (const run of pending.slice(0, Math.max(0, slots - flying()))) await launch(id, run, own);
    }
  }

  /**
   * Successive halving, once every run of a rung has ended: the better half of the combinations
   * goes back to pending for the next rung (retrained from the start to more epochs, like the CLI),
   * the others stop for good. Returns the runs of the next rung; none when the sweep is complete.
   */
  async function nextRung(sweepId: string): Promise<SweepRunRecord[]> {
    const sweep = await sweeps.get(sweepId);
    if (!sweep?.definition.halving) return [];
    const last = sweep.definition.halving.at.length;
    const alive = (await sweeps.runs(sweepId)).filter(
      (run) => (run.status === 'done' || run.status === 'stopped-early') && run.prunedAt === undefined && (run.rung ?? 0) < last,
    );
    if (alive.length === 0) return [];
    const survivors = halvingSurvivors(alive, sweep.definition.halving.metric);
    const next: SweepRunRecord[] = [];
    for (const run of alive) {
      const rung = run.rung ?? 0;
      if (survivors.has(run.configKey)) {
        const changes = { status: 'pending' as const, rung: rung + 1, runId: undefined, final: undefined, best: undefined, seconds: undefined, epochs: undefined };
        await sweeps.updateRun(sweepId, run.index, changes);
        next.push({ ...run, ...changes });
      } else {
        const epochs = sweep.definition.halving.at[rung];
        await sweeps.updateRun(sweepId, run.index, { prunedAt: epochs, message: `Stopped by successive halving after ${epochs} epochs.` });
      }
    }
    return next;
  }

  /** The run's experiment, trained to its rung's epochs under successive halving. */
  async function rungExperiment(sweepId: string, run: SweepRunRecord): Promise<SweepRunRecord['experiment']> {
    const definition = (await sweeps.get(sweepId))?.definition;
    if (!definition?.halving) return run.experiment;
    const rungs = rungEpochs(definition, run.experiment);
    const epochs = rungs[Math.min(run.rung ?? 0, rungs.length - 1)];
    return { ...run.experiment, training: { ...run.experiment.training, epochs } };
  }

  async function launch(sweepId: string, run: SweepRunRecord, own: Map<number, string>): Promise<void> {
    let runId: string;
    // The host may end a run before launch() resolves (a refused run): record the end only after the start.
    let launched!: () => void;
    const recordedStart = new Promise<void>((resolve) => (launched = resolve));
    try {
      runId = await launcher.launch(await rungExperiment(sweepId, run), { onStored: (result) => void recordedStart.then(() => ended(result)) });
    } catch (error) {
      await sweeps.updateRun(sweepId, run.index, { status: 'failed', message: error instanceof Error ? error.message : String(error) });
      return;
    }
    own.set(run.index, runId);
    await sweeps.updateRun(sweepId, run.index, { status: 'running', runId });
    launched();

    async function ended(result: RunResult): Promise<void> {
      const record = await runs.get(runId);
      const weights = await runs.weights(runId);
      await sweeps.updateRun(sweepId, run.index, {
        status: result.status,
        message: result.message,
        epochs: record?.epochsDone,
        seconds: record?.metrics?.seconds,
        final: weights?.final?.metrics,
        best: weights?.best?.metrics,
      });
      own.delete(run.index);
      await feed();
    }
  }

  return {
    async start(definition, name) {
      const plan = planSweep(definition);
      const id = newId();
      await sweeps.create({ id, name, definition, plan, createdAt: now() });
      await new Promise<void>((resolve) =>
        holdSweep(id, async () => {
          held.add(id);
          await feed();
          resolve();
        }),
      );
      return id;
    },
    async pause(id) {
      await sweeps.setStatus(id, 'paused', now());
    },
    async resume(id) {
      // A cancelled sweep trains its cancelled runs again (from the start: no checkpoints yet).
      if ((await sweeps.get(id))?.status === 'cancelled') await sweeps.requeueCancelled(id);
      await sweeps.setStatus(id, 'running', now());
      if (held.has(id)) {
        await feed();
        return;
      }
      // Not fed by this page yet (cancelled before it loaded): take the sweep's lock first.
      await new Promise<void>((resolve) =>
        holdSweep(id, async () => {
          held.add(id);
          await feed();
          resolve();
        }),
      );
    },
    async cancel(id) {
      await sweeps.setStatus(id, 'cancelled', now());
      await sweeps.cancelPending(id);
      for (const runId of inFlight.get(id)?.values() ?? []) launcher.cancel(runId);
    },
    async restore() {
      for (const sweep of await sweeps.list()) {
        if (sweep.status !== 'running' && sweep.status !== 'paused') continue;
        // Granted at once when no other page feeds this sweep, else once that page has gone.
        holdSweep(sweep.id, async () => {
          held.add(sweep.id);
          await sweeps.requeueUnfinished(sweep.id);
          if (sweep.status === 'running') await sweeps.restartClock(sweep.id, now());
          await feed();
        });
      }
    },
  };
}
