import { z } from 'zod';
import type { Experiment } from '../shared/schema/experiment';
import { RUN_END_STATUSES } from '../shared/schema/progress';

// What the sweep command and its worker processes say to each other. Requests go from the command
// to a process it started, so plain types suffice; replies are validated by the command like the
// run queue validates its workers' messages: a worker that crashed half-way through a message, or
// one whose memory is corrupt, must fail its run with a reason, not feed the results file nonsense.

export interface SweepJob {
  /** Identifies the job's answers. */
  id: number;
  experiment: Experiment;
  /** Where the worker writes the run's weights JSON, if anywhere. */
  weightsPath?: string;
  /** Where the worker writes the run's epoch events (JSON lines), if anywhere. */
  historyPath?: string;
}

export type WorkerRequest = { type: 'run'; job: SweepJob } | { type: 'cancel' };

const count = z.number().int().min(0);
// A diverged run's metrics are NaN or ±Infinity: still numbers, and still its result.
const anyNumber = z.custom<number>((value) => typeof value === 'number', 'expected a number');
const metrics = z.record(z.string(), anyNumber);

export const JobOutcomeSchema = z.strictObject({
  status: z.enum(RUN_END_STATUSES),
  message: z.string().optional(),
  epochs: count,
  bestEpoch: count.optional(),
  final: metrics.optional(),
  best: metrics.optional(),
  seconds: anyNumber,
  /** Set when the weights file was written. */
  weightsPath: z.string().optional(),
  /** Set when the history file was written. */
  historyPath: z.string().optional(),
});
export type JobOutcome = z.infer<typeof JobOutcomeSchema>;

/**
 * `done`: the run ended, however training went (a diverged run is a result). `error`: the worker
 * could not do its part (a dataset it cannot load, weights it cannot write), which ends the sweep:
 * every other run would meet the same fault.
 */
export const WorkerReplySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('epoch'), id: count, epoch: count, epochs: count }),
  z.strictObject({ type: z.literal('done'), id: count, outcome: JobOutcomeSchema }),
  z.strictObject({ type: z.literal('error'), id: count, message: z.string() }),
]);
export type WorkerReply = z.infer<typeof WorkerReplySchema>;
