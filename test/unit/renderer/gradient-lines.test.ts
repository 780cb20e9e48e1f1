import { describe, expect, it } from 'vitest';
import { gradientLines } from '../../../src/renderer/src/features/compare/gradient-lines';
import { summarize } from '../../../src/renderer/src/features/compare/summaries';
import type { EpochEvent, LayerDiagnostics } from '../../../src/shared/schema/progress';

const layer = (gradientNorm: number): LayerDiagnostics => ({ weightNorm: 1, gradientNorm, updateRatio: 0, activationMean: 0, activationStd: 1, deadFraction: 0, saturatedFraction: 0 });
const event = (epoch: number, norms: number[], loss = 1): EpochEvent => ({ epoch, epochs: 3, train: { loss }, learningRate: 0.1, seconds: epoch / 10, layers: norms.map(layer) });

describe('gradient norms in Compare', () => {
  const runs = [
    { key: 'a', label: 'run a', color: 'red', events: [event(0, [0.5, 0.2]), event(1, [0, 0.1]), event(2, [Infinity, 0.05])] },
    { key: 'b', label: 'run b', color: 'blue', events: [event(0, [0.3]), event(1, [0.2])] },
  ];

  it('draws one line per run and layer, each layer dashed its own way, leaving out what a log axis cannot show', () => {
    const lines = gradientLines(runs, 'all', false);
    expect(lines.map((line) => [line.key, line.label, line.color, line.dash ?? 'solid'])).toEqual([
      ['a:0', 'run a · layer 1', 'red', 'solid'],
      ['a:1', 'run a · layer 2', 'red', '6 3'],
      ['b:0', 'run b · layer 1', 'blue', 'solid'],
    ]);
    // Layer 1 of run a: 0 and ∞ are left out.
    expect(lines[0].points).toEqual([{ x: 0, y: 0.5 }]);
    expect(lines[1].points.map((p) => p.y)).toEqual([0.2, 0.1, 0.05]);
  });

  it('one layer, by time', () => {
    const lines = gradientLines(runs, 1, true);
    expect(lines.map((line) => line.key)).toEqual(['a:1']);
    expect(lines[0].points.map((p) => p.x)).toEqual([0, 0.1, 0.2]);
  });

  it('epoch 0 (the initial weights) is never a run\'s best or final epoch in the summary table', () => {
    const summary = summarize([event(0, [1], 0.1), event(1, [1], 0.5), event(2, [1], 0.4)], 'train', 'loss', 2);
    expect(summary).toEqual({ final: 0.4, best: { value: 0.4, epoch: 2 }, atEpoch: 0.4 });
  });
});
