import { describe, expect, it } from 'vitest';
import { runLabels, settingLabel } from '../../../src/renderer/src/components/run-labels';
import { ExperimentSchema, type Experiment } from '../../../src/shared/schema/experiment';
import { experiment } from './run-fixtures';

const withTraining = (changes: object): Experiment => ExperimentSchema.parse({ ...experiment, training: { ...experiment.training, ...changes } });
const withInit = (name: string, seed: number): Experiment => ExperimentSchema.parse({ ...experiment, model: { ...experiment.model, init: { name } }, training: { ...experiment.training, seed } });

describe('run names that tell siblings apart', () => {
  it('appends only what differs among runs of the same name, with readable setting names', () => {
    const labels = runLabels([
      { base: 'Iris', experiment: withInit('heNormal', 1), createdAt: 1 },
      { base: 'Iris', experiment: withInit('xavierUniform', 1), createdAt: 2 },
      { base: 'Iris', experiment: withInit('heNormal', 2), createdAt: 3 },
      { base: 'Moons', experiment: withInit('heNormal', 9), createdAt: 4 },
    ]);
    expect(labels).toEqual(['Iris · init heNormal, seed 1', 'Iris · init xavierUniform, seed 1', 'Iris · init heNormal, seed 2', 'Moons']);
  });

  it('numbers runs with identical settings in the order they were made', () => {
    const labels = runLabels([
      { base: 'a', experiment, createdAt: 30 },
      { base: 'a', experiment, createdAt: 10 },
      { base: 'a', experiment: withTraining({ seed: 5 }), createdAt: 20 },
    ]);
    expect(labels).toEqual(['a · seed 0 #2', 'a · seed 0 #1', 'a · seed 5']);
  });

  it('shows numbers to four significant digits and counts the settings it leaves out', () => {
    const labels = runLabels(
      [0.0448140474656, 0.1].map((learningRate, i) => ({
        base: 'sweep',
        experiment: withTraining({ optimizer: { name: i ? 'sgd' : 'adam', learningRate }, batchSize: 8 * (i + 1), l2: i * 1e-3 }),
        createdAt: i,
      })),
      2,
    );
    expect(labels[0]).toBe('sweep · optimizer adam, learningRate 0.04481, +5 more');
    expect(labels[1]).toBe('sweep · optimizer sgd, learningRate 0.1, +5 more');
  });

  it('names setting paths briefly', () => {
    expect(settingLabel('training.optimizer.name')).toBe('optimizer');
    expect(settingLabel('model.init.name')).toBe('init');
    expect(settingLabel('model.layers[1].units')).toBe('layer 2 units');
    expect(settingLabel('model.layers[0].activation.name')).toBe('layer 1 activation');
    expect(settingLabel('dataset.synthetic')).toBe('dataset');
    expect(settingLabel('dataset.noise')).toBe('dataset noise');
    expect(settingLabel('training.seed')).toBe('seed');
  });
});
