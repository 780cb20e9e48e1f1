import type { EpochEvent } from '../../../../shared/schema/progress';
import type { ComparisonLine } from './ComparisonChart';

// The per-layer gradient norms ‖dW‖ of compared runs as chart lines: one line per run and layer,
// in the run's colour, each layer with its own dash pattern. A log axis cannot show 0 or a value
// that overflowed, so those points are left out.

export interface GradientRun {
  key: string;
  label: string;
  color: string;
  events: readonly EpochEvent[];
}

/** Solid for layer 1, then dashes and dots; repeats after six layers. */
export const DASHES = [undefined, '6 3', '2 3', '8 3 2 3', '12 4', '1 2'];

/** `layer`: a 0-based layer, or 'all' for every layer of every run. */
export function gradientLines(runs: readonly GradientRun[], layer: number | 'all', byTime: boolean): ComparisonLine[] {
  return runs.flatMap(({ key, label, color, events }) => {
    const layers = Math.max(0, ...events.map((event) => event.layers.length));
    const shown = layer === 'all' ? Array.from({ length: layers }, (_, l) => l) : layer < layers ? [layer] : [];
    return shown.map((l) => ({
      key: `${key}:${l}`,
      run: key,
      label: `${label} · layer ${l + 1}`,
      color,
      dash: DASHES[l % DASHES.length],
      points: events.flatMap((event) => {
        const y = event.layers[l]?.gradientNorm;
        return y !== undefined && y > 0 && Number.isFinite(y) ? [{ x: byTime ? event.seconds : event.epoch, y }] : [];
      }),
    }));
  });
}
