import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_FORM, outputChoices, parseRunForm, type RunFormState } from '../../../src/renderer/src/features/runs/run-form';

const form = (patch: Partial<RunFormState>): RunFormState => ({ ...DEFAULT_RUN_FORM, ...patch });

describe('run form', () => {
  it('turns the default form into a complete spirals experiment with a sigmoid output', () => {
    const parsed = parseRunForm(DEFAULT_RUN_FORM, 2);
    if ('error' in parsed) throw new Error(parsed.error);
    const { experiment } = parsed;
    expect(experiment.dataset).toEqual({ synthetic: 'spirals', seed: 1 });
    expect(experiment.model.layers).toEqual([
      { units: 32, activation: 'tanh' },
      { units: 32, activation: 'tanh' },
      { units: 1, activation: 'sigmoid' },
    ]);
    expect(experiment.model.loss).toBe('binaryCrossEntropy');
    expect(experiment.training).toMatchObject({ epochs: 300, batchSize: 16, validationSplit: 0.2, seed: 1 });
    expect(experiment.training.optimizer).toMatchObject({ name: 'adam', learningRate: 0.01 });
  });

  it('pairs softmax with categorical cross-entropy and one unit per class', () => {
    const parsed = parseRunForm(form({ dataset: 'blobs', output: 'softmax', batchSize: 'full', samples: '90', noise: '0.5' }), 3);
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.experiment.model.layers.at(-1)).toEqual({ units: 3, activation: 'softmax' });
    expect(parsed.experiment.model.loss).toBe('categoricalCrossEntropy');
    expect(parsed.experiment.training.batchSize).toBe('full');
    expect(parsed.experiment.dataset).toEqual({ synthetic: 'blobs', samples: 90, noise: 0.5, seed: 1 });
  });

  it('offers a single sigmoid unit only for two classes', () => {
    expect(outputChoices(2)).toEqual(['sigmoid', 'softmax']);
    expect(outputChoices(3)).toEqual(['softmax']);
  });

  it.each([
    [{ learningRate: '' }, 'Learning rate: enter a number'],
    [{ epochs: 'ten' }, 'Epochs: “ten” is not a number'],
    [{ hidden: [{ units: '16', activation: 'tanh' as const }, { units: 'abc', activation: 'relu' as const }] }, 'Hidden layer 2 units: “abc” is not a number'],
    [{ hidden: [{ units: '0', activation: 'tanh' as const }] }, 'Hidden layer 1 units: expected a number ≥ 1'],
    [{ epochs: '2.5' }, 'Epochs: expected a whole number'],
    [{ learningRate: '-0.1' }, 'Learning rate: expected a number > 0'],
    [{ batchSize: '0' }, 'Batch size: enter a whole number ≥ 1, or “full”'],
    [{ validationPercent: '95' }, 'Validation %: expected a percentage from 0 to 90'],
  ])('names the field to fix: %j', (patch, message) => {
    expect(parseRunForm(form(patch), 2)).toEqual({ error: message });
  });
});
