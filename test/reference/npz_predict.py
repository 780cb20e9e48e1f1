#!/usr/bin/env python3
"""Predict with an nn-workbench .npz export using nothing but numpy, as the README shows.

    python3 npz_predict.py a.npz b.npz … < rows.json > outputs.json

rows.json holds, for each file, a list of raw feature rows; prints, for each file, one list of
outputs per row (one process for many files keeps the test quick). test/unit/shared/export
compares them with the workbench's own predictions.
"""
import json
import sys

import numpy as np

ACTIVATIONS = {
    'sigmoid': lambda Z, _: 1 / (1 + np.exp(-Z)),
    'tanh': lambda Z, _: np.tanh(Z),
    'relu': lambda Z, _: np.maximum(Z, 0),
    'leakyRelu': lambda Z, slope: np.where(Z > 0, Z, slope * Z),
    'linear': lambda Z, _: Z,
    'softmax': lambda Z, _: np.exp(Z - Z.max(1, keepdims=True)) / np.exp(Z - Z.max(1, keepdims=True)).sum(1, keepdims=True),
}



def predict(path, rows):
    z = np.load(path)
    manifest = json.loads(str(z['manifest']))
    A = (np.array(rows, dtype=z['shift'].dtype) - z['shift']) / z['scale']
    for l, layer in enumerate(manifest['layers'], start=1):
        Z = A @ z[f'W{l}'].T + z[f'b{l}']
        A = ACTIVATIONS[layer['activation']['name']](Z, layer['activation'].get('slope'))
    if manifest.get('targetScaling', 'none') != 'none':
        # A regression trained on scaled targets: back to the targets' units.
        A = A * z['output_scale'] + z['output_shift']
    return A.astype(float).tolist()


json.dump([predict(path, rows) for path, rows in zip(sys.argv[1:], json.load(sys.stdin))], sys.stdout)
