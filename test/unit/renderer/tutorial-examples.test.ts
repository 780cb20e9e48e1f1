import { describe, expect, it } from 'vitest';
import { networkWarnings } from '../../../src/shared/engine/network-health';
import { TUTORIAL_EXAMPLES } from '../../../src/renderer/src/features/experiments/tutorial-examples';
import { resolveSyntheticDataset } from '../../../src/shared/data/synthetic';
import { runSession } from '../../../src/shared/engine/session';
import { ExperimentSchema } from '../../../src/shared/schema/experiment';
import type { EpochEvent } from '../../../src/shared/schema/progress';

// The Experiments page's tutorial examples are ready to train: each is a valid experiment, and the
// ones on generated data (the XOR one is checked against the tutorial's numpy code in
// test/unit/cli/tutorial-xor.test.ts) learn their data without a health warning.

describe('tutorial examples', () => {
  it('are the three tutorials, each a valid experiment', () => {
    expect(TUTORIAL_EXAMPLES.map((example) => example.id)).toEqual(['tutorial-xor', 'tutorial-logistic-regression', 'tutorial-deep-relu']);
    for (const example of TUTORIAL_EXAMPLES) expect(ExperimentSchema.safeParse(example.experiment).success).toBe(true);
    const [, logistic, deep] = TUTORIAL_EXAMPLES.map((example) => ExperimentSchema.parse(example.experiment));
    expect(logistic.model.layers).toHaveLength(1);
    expect([deep.model.init, deep.model.layers.slice(0, -1).map((layer) => layer.activation)]).toEqual(['heNormal', ['relu', 'relu']]);
  });

  it.each(TUTORIAL_EXAMPLES.filter((example) => 'synthetic' in example.experiment.dataset).map((example) => [example.name, example] as const))(
    '%s learns its data with no warning',
    async (_name, example) => {
      const experiment = ExperimentSchema.parse(example.experiment);
      const events: EpochEvent[] = [];
      const result = await runSession(experiment, resolveSyntheticDataset(experiment.dataset as never), { initialEpoch: true, onEpoch: (event) => events.push(event) });
      expect(result.status).toBe('done');
      expect(events.at(-1)!.validation!.accuracy).toBeGreaterThanOrEqual(0.95);
      expect(networkWarnings(experiment, events)).toEqual([]);
    },
  );
});
