import type { EpochEvent, SplitMetrics } from '../shared/schema/progress';

// Training progress for a terminal: a bar redrawn in place on a TTY (at most ~10 times a second, so
// fast epochs do not flood the terminal), and one plain line per epoch when output goes to a file
// or a pipe, where carriage returns would only make a mess.

export interface ProgressReporter {
  epoch(event: EpochEvent): void;
  /** Ends the bar's line. */
  finish(): void;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;

function metrics(prefix: string, m: SplitMetrics): string {
  const parts = [`${prefix}loss ${m.loss.toPrecision(5)}`];
  if (m.accuracy !== undefined) parts.push(`${prefix}acc ${(100 * m.accuracy).toFixed(2)}%`);
  if (m.r2 !== undefined) parts.push(`${prefix}r2 ${m.r2.toFixed(4)}`);
  if (m.rmse !== undefined) parts.push(`${prefix}rmse ${m.rmse.toPrecision(4)}`);
  if (m.mae !== undefined) parts.push(`${prefix}mae ${m.mae.toPrecision(4)}`);
  return parts.join('  ');
}

/**
 * One epoch's figures: the training metrics (marked `(running)` when they are the mean over the
 * epoch's steps rather than an evaluation after it), validation, and the epoch's seconds beside
 * the run's total.
 */
export function describeEpoch(event: EpochEvent): string {
  const parts = [metrics('', event.train) + (event.trainMetrics === 'running' ? ' (running)' : '')];
  if (event.validation) parts.push(metrics('val_', event.validation));
  const epochTime = event.epochSeconds === undefined ? '' : `${event.epochSeconds.toFixed(2)}s, `;
  parts.push(`${epochTime}${event.seconds.toFixed(1)}s total`);
  return parts.join('  ');
}

export function createProgressReporter(stream: NodeJS.WriteStream): ProgressReporter {
  if (!stream.isTTY) {
    return {
      epoch: (event) => stream.write(`epoch ${event.epoch}/${event.epochs}  ${describeEpoch(event)}\n`),
      finish: () => {},
    };
  }
  let lastDraw = 0;
  let drawn = false;
  return {
    epoch(event) {
      const now = Date.now();
      if (now - lastDraw < REDRAW_MS && event.epoch < event.epochs) return;
      lastDraw = now;
      const filled = Math.round((BAR_WIDTH * event.epoch) / event.epochs);
      const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
      stream.write(`\r\x1b[K${bar} ${event.epoch}/${event.epochs}  ${describeEpoch(event)}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}
