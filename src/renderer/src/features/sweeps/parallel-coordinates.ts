import { higherIsBetter } from '../../../../shared/engine/sweep-summary';
import type { SweepMetric } from '../../../../shared/schema/sweep';
import { formatSetting } from '../../components/format';

// The geometry of a parallel-coordinates view, apart from drawing: one vertical axis per parameter
// and one for the metric, each run a line through its values. Numbers are placed on a linear or
// (when they span a decade or more and are positive) logarithmic axis, names evenly spaced. Each
// line's shade says how good the run is, 0 the worst to 1 the best.

export interface Axis {
  name: string;
  /** Tick labels with their height: 0 the bottom, 1 the top. */
  ticks: { label: string; at: number }[];
}

export interface RunLine {
  /** Heights (0–1) on each axis, in axis order. */
  points: number[];
  /** 0 the worst run, 1 the best. */
  quality: number;
  label: string;
}

export interface ParallelLayout {
  axes: Axis[];
  lines: RunLine[];
}

export interface LayoutRun {
  config: Record<string, unknown>;
  value: number;
  label: string;
}

type Position = (value: unknown) => number;

const tidy = formatSetting;

function numericAxis(name: string, values: number[]): { axis: Axis; position: Position } {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const log = min > 0 && max / min >= 10;
  const f = log ? Math.log : (v: number) => v;
  const span = f(max) - f(min);
  const position = (value: unknown) => (span === 0 ? 0.5 : (f(value as number) - f(min)) / span);
  const ticks = [...new Set(values)].length <= 6 ? [...new Set(values)] : [min, max];
  return { axis: { name, ticks: ticks.map((v) => ({ label: tidy(v), at: position(v) })) }, position };
}

function categoryAxis(name: string, values: unknown[]): { axis: Axis; position: Position } {
  const keys = [...new Set(values.map((v) => JSON.stringify(v)))];
  const position = (value: unknown) => (keys.length === 1 ? 0.5 : keys.indexOf(JSON.stringify(value)) / (keys.length - 1));
  const label = (key: string) => {
    const value = JSON.parse(key) as unknown;
    return typeof value === 'string' ? value : key;
  };
  return { axis: { name, ticks: keys.map((key) => ({ label: label(key), at: position(JSON.parse(key)) })) }, position };
}

export function parallelLayout(parameters: string[], runs: LayoutRun[], metric: SweepMetric, metricLabel: string): ParallelLayout {
  const scales = parameters.map((name) => {
    const values = runs.map((run) => run.config[name]);
    return values.every((v) => typeof v === 'number') ? numericAxis(name, values as number[]) : categoryAxis(name, values);
  });
  const metricScale = numericAxis(metricLabel, runs.map((run) => run.value));
  const values = runs.map((run) => run.value);
  const worst = higherIsBetter(metric) ? Math.min(...values) : Math.max(...values);
  const best = higherIsBetter(metric) ? Math.max(...values) : Math.min(...values);
  return {
    axes: [...scales.map((scale) => scale.axis), metricScale.axis],
    lines: runs.map((run) => ({
      points: [...scales.map((scale, i) => scale.position(run.config[parameters[i]])), metricScale.position(run.value)],
      quality: best === worst ? 1 : Math.abs(run.value - worst) / Math.abs(best - worst),
      label: run.label,
    })),
  };
}

/**
 * The ticks of one axis that can be labelled without two labels overlapping: both ends always,
 * then, from the bottom up, each tick at least `minGap` (a fraction of the axis) from its kept
 * neighbours. Every line still crosses the axis where it should; only labels are left out.
 */
export function thinTicks<T extends { at: number }>(ticks: readonly T[], minGap: number): T[] {
  const sorted = [...ticks].sort((a, b) => a.at - b.at);
  if (sorted.length <= 2) return sorted.length === 2 && sorted[1].at - sorted[0].at < minGap ? [sorted[0]] : sorted;
  const top = sorted[sorted.length - 1];
  const kept = [sorted[0]];
  for (const tick of sorted.slice(1, -1)) {
    if (tick.at - kept[kept.length - 1].at >= minGap && top.at - tick.at >= minGap) kept.push(tick);
  }
  if (top.at - kept[kept.length - 1].at >= minGap) kept.push(top);
  return kept;
}

export interface PlacedName {
  text: string;
  /** The whole name when `text` had to be shortened. */
  full: string;
  /** 0: the top line; 1: the line below, so neighbouring names never overlap. */
  row: 0 | 1;
}

/** `text` cut to about `room` pixels at `charWidth` a character, with an ellipsis when cut. */
export function fitText(text: string, room: number, charWidth: number): string {
  const max = Math.max(2, Math.floor(room / charWidth));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Axis names over axes `spacing` pixels apart, at about `charWidth` pixels a character. Inner names
 * are centred on their axis and the outer ones hang inwards, so an inner name may take the spacing
 * and an outer one half of it without touching a neighbour. When a name does not fit, names
 * alternate between two lines (each gets twice the room), and only a name too long even for that
 * is shortened with an ellipsis.
 */
export function placeAxisNames(names: readonly string[], spacing: number, charWidth: number): PlacedName[] {
  const roomOf = (i: number, share: number) => (i === 0 || i === names.length - 1 ? share / 2 : share) - 6;
  const staggered = names.length > 2 && names.some((name, i) => name.length * charWidth > roomOf(i, spacing));
  const share = staggered ? 2 * spacing : spacing;
  return names.map((name, i) => ({ text: fitText(name, roomOf(i, share), charWidth), full: name, row: staggered && i % 2 === 1 ? 1 : 0 }));
}
