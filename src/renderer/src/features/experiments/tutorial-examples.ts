import { builtinSpec } from '../datasets/load-dataset';
import type { ExperimentDraft } from './experiment-draft';

// The tutorials' own setups, offered on the Experiments page as ready experiments. The XOR one is
// the first tutorial's network exactly (test/unit/cli/tutorial-xor.test.ts checks the CLI against
// the tutorial's numpy code from the same starting weights, with this model and training).

export interface TutorialExample {
  id: string;
  name: string;
  /** What the example shows, in a sentence. */
  description: string;
  experiment: ExperimentDraft;
}

export const TUTORIAL_EXAMPLES: readonly TutorialExample[] = [
  {
    id: 'tutorial-xor',
    name: 'Tutorial: XOR 3-4-1, no biases',
    description:
      "The first tutorial's network: X with a constant third input, 4 sigmoid units, a sigmoid output, no biases, weights uniform in [0, 1), sum of squared errors, learning rate 1 on all four rows, 1500 iterations.",
    experiment: {
      dataset: builtinSpec('xor-tutorial'),
      model: {
        layers: [
          { units: 4, activation: 'sigmoid', bias: false },
          { units: 1, activation: 'sigmoid', bias: false },
        ],
        init: 'uniform',
        loss: 'sse',
      },
      // "full": the tutorial prints the loss of the weights after its last step, not before it.
      training: { optimizer: { name: 'sgd', learningRate: 1 }, batchSize: 'full', epochs: 1500, shuffle: false, seed: 1, dtype: 'float64', trainMetrics: 'full' },
    },
  },
  {
    id: 'tutorial-logistic-regression',
    name: 'Tutorial: logistic regression',
    description:
      'No hidden layer: one sigmoid unit on the inputs with cross-entropy, weights starting at zero (safe with no hidden layer to keep symmetric), full-batch gradient descent.',
    experiment: {
      dataset: { synthetic: 'blobs', classes: 2, samples: 200, seed: 1 },
      model: { layers: [{ units: 1, activation: 'sigmoid' }], init: 'zeros', loss: 'binaryCrossEntropy' },
      training: { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 'full', epochs: 300, seed: 1, validationSplit: 0.2 },
    },
  },
  {
    id: 'tutorial-deep-relu',
    name: 'Tutorial: deep ReLU net, He initialization',
    description:
      'Two ReLU hidden layers (10 and 5 units) with He-normal weights, a sigmoid output and cross-entropy on the circles: He scaling keeps the signal alive through the ReLUs, full-batch gradient descent.',
    experiment: {
      dataset: { synthetic: 'circles', samples: 300, noise: 0.05, seed: 1 },
      model: {
        layers: [
          { units: 10, activation: 'relu' },
          { units: 5, activation: 'relu' },
          { units: 1, activation: 'sigmoid' },
        ],
        init: 'heNormal',
        loss: 'binaryCrossEntropy',
      },
      training: { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 'full', epochs: 2000, seed: 1, validationSplit: 0.2 },
    },
  },
];
