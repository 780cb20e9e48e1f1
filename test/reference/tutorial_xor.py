#!/usr/bin/env python3
"""The first tutorial's XOR network, run as the tutorial writes it, for issue 18.

The tutorial ("How to build your own Neural Network from scratch in Python") trains a 3-4-1 sigmoid
network with no biases on X = [[0,0,1],[0,1,1],[1,0,1],[1,1,1]], y = [0,1,1,0]: weights from
np.random.rand, loss Σ(y − ŷ)², weights += d_weights with d_weights = the chain rule applied to
2(y − ŷ), 1500 iterations of full-batch feedforward + backprop. The class below is the tutorial's
code, with the generator seeded so the run can be repeated; X and y are read from the app's
built-in dataset resources/datasets/xor-tutorial.csv so both sides see the same rows.

It writes to test/fixtures/tutorial/:
    xor.initial.weights.json  the starting weights as an nn-workbench weights file (W[l] = the
                              tutorial's weights_l transposed, n_l × n_{l-1}; "bias": false, b zeros)
    xor.final.json            the tutorial's weights after 1500 iterations in the same orientation,
                              and its output for the four rows

test/unit/cli/tutorial-xor.test.ts trains test/fixtures/tutorial/xor.experiment.json with the CLI from
those starting weights (--init) and requires the final weights to equal these within 1e-9 relative.

Regenerate with:  python3 test/reference/tutorial_xor.py
"""
import csv
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / 'test' / 'fixtures' / 'tutorial'
ITERATIONS = 1500


def sigmoid(x):
    return 1.0 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    return x * (1.0 - x)


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1 = sigmoid(np.dot(self.input, self.weights1))
        self.output = sigmoid(np.dot(self.layer1, self.weights2))

    def backprop(self):
        # application of the chain rule to find derivative of the loss function with respect to weights2 and weights1
        d_weights2 = np.dot(self.layer1.T, (2 * (self.y - self.output) * sigmoid_derivative(self.output)))
        d_weights1 = np.dot(self.input.T, (np.dot(2 * (self.y - self.output) * sigmoid_derivative(self.output), self.weights2.T) * sigmoid_derivative(self.layer1)))
        # update the weights with the derivative (slope) of the loss function
        self.weights1 += d_weights1
        self.weights2 += d_weights2


def read_dataset():
    with open(ROOT / 'resources' / 'datasets' / 'xor-tutorial.csv', newline='') as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    X = np.array([[float(v) for v in row[:-1]] for row in body])
    y = np.array([[float(row[-1])] for row in body])
    return header[:-1], X, y


def layer_json(weights, activation='sigmoid'):
    W = weights.T
    return {'W': W.tolist(), 'b': [0.0] * W.shape[0], 'activation': {'name': activation}, 'bias': False}


def main():
    features, X, y = read_dataset()
    np.random.seed(1)
    nn = NeuralNetwork(X, y)
    initial = {
        'format': 'nn-workbench.weights',
        'version': 1,
        'layers': [layer_json(nn.weights1), layer_json(nn.weights2)],
        'input': {'features': features, 'normalization': {'kind': 'none'}},
        'output': {'task': 'classification', 'classes': ['0', '1']},
    }
    for _ in range(ITERATIONS):
        nn.feedforward()
        nn.backprop()
    nn.feedforward()
    final = {
        'iterations': ITERATIONS,
        'layers': [{'W': nn.weights1.T.tolist()}, {'W': nn.weights2.T.tolist()}],
        'output': nn.output[:, 0].tolist(),
        'loss': float(np.sum((y - nn.output) ** 2)),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    # repr-exact floats: json writes the shortest text that reads back as the same double.
    (OUT / 'xor.initial.weights.json').write_text(json.dumps(initial, indent=1) + '\n')
    (OUT / 'xor.final.json').write_text(json.dumps(final, indent=1) + '\n')
    print('output after', ITERATIONS, 'iterations:', np.round(nn.output[:, 0], 4), 'loss', final['loss'])


main()
