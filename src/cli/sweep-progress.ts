// A sweep's progress in a terminal: a line per finished run, and on a TTY a bar below them,
// redrawn in place, with runs done/total, how many are training, and the time left, estimated
// from epochs trained so far (runs differ in length, so counting runs alone would mislead).

export interface SweepProgress {
  /** Epochs trained since the last call, by any run. */
  epochs(count: number): void;
  runStarted(): void;
  runEnded(line: string): void;
  finish(): void;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 200;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '…';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function createSweepProgress(
  stream: NodeJS.WriteStream,
  { runs, totalEpochs, now = () => performance.now() }: { runs: number; totalEpochs: number; now?: () => number },
): SweepProgress {
  const started = now();
  let epochsDone = 0;
  let runsDone = 0;
  let running = 0;
  let lastDraw = -Infinity;

  function status(): string {
    const elapsed = (now() - started) / 1000;
    const left = epochsDone === 0 ? Infinity : (elapsed * Math.max(0, totalEpochs - epochsDone)) / epochsDone;
    return `${runsDone}/${runs} runs · ${running} training · ${formatDuration(elapsed)} elapsed · ETA ${formatDuration(left)}`;
  }

  function draw(force = false): void {
    if (!stream.isTTY) return;
    const time = now();
    if (!force && time - lastDraw < REDRAW_MS) return;
    lastDraw = time;
    const filled = Math.min(BAR_WIDTH, Math.round((BAR_WIDTH * epochsDone) / Math.max(1, totalEpochs)));
    stream.write(`\r\x1b[K${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${status()}`);
  }

  return {
    epochs(count) {
      epochsDone += count;
      draw();
    },
    runStarted() {
      running++;
      draw();
    },
    runEnded(line) {
      running--;
      runsDone++;
      stream.write(stream.isTTY ? `\r\x1b[K${line}\n` : `[${runsDone}/${runs}] ${line}\n`);
      draw(true);
    },
    finish() {
      if (stream.isTTY) stream.write('\r\x1b[K');
    },
  };
}
