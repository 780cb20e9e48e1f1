import { neutralizeFormula } from '../../../shared/data/csv-formulas';
import type { EpochRecord, RunRecord } from '../db/database';

// Every run's metric history as one CSV table (one row per run and epoch), for a spreadsheet or
// pandas. Empty cells where a run has no such metric (no validation split, regression vs
// classification). Text cells are quoted when they need it, and neutralized when a spreadsheet
// would run them as a formula; numbers keep full precision. `epoch_seconds` is that epoch alone
// (empty for runs recorded before it was), `total_seconds` the time since the run started;
// `train_metrics` says how the train_ columns were measured (running or full; runs recorded before
// the choice existed were all full).

const COLUMNS = [
  'run_id',
  'run_name',
  'status',
  'epoch',
  'epoch_seconds',
  'total_seconds',
  'learning_rate',
  'train_metrics',
  'train_loss',
  'train_accuracy',
  'train_mae',
  'train_rmse',
  'train_r2',
  'validation_loss',
  'validation_accuracy',
  'validation_mae',
  'validation_rmse',
  'validation_r2',
] as const;

function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  // A run's name is the user's text: one starting like a formula is shown, never run, by a spreadsheet.
  const text = neutralizeFormula(value);
  return text !== value || /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function metricsCsv(runs: readonly { run: RunRecord; epochs: readonly EpochRecord[] }[]): string {
  const lines = [COLUMNS.join(',')];
  for (const { run, epochs } of runs) {
    for (const { epoch, event } of epochs) {
      const { train, validation } = event;
      lines.push(
        [
          run.id,
          run.name,
          run.status,
          epoch,
          event.epochSeconds,
          event.seconds,
          event.learningRate,
          event.trainMetrics ?? 'full',
          train.loss,
          train.accuracy,
          train.mae,
          train.rmse,
          train.r2,
          validation?.loss,
          validation?.accuracy,
          validation?.mae,
          validation?.rmse,
          validation?.r2,
        ]
          .map(cell)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
