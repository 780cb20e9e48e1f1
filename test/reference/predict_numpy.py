#!/usr/bin/env python3
"""Predict with an nn-workbench weights JSON file using nothing but numpy, as the tutorials would.

    python3 predict_numpy.py weights.json data.csv > predictions.csv

Shows that the exported format is self-contained: feature order and normalization come from the
file's "input", and each layer is W @ A + b followed by its activation, W being (n_l, n_{l-1}).
Writes the same CSV as `nn-workbench predict` (prediction, then one probability per class; or one
column per regression target), so test/unit/cli compares the two.
"""
import csv
import json
import sys

import numpy as np


def activate(activation, Z):
    name = activation['name']
    if name == 'sigmoid':
        return 1 / (1 + np.exp(-Z))
    if name == 'tanh':
        return np.tanh(Z)
    if name == 'relu':
        return np.maximum(Z, 0)
    if name == 'leakyRelu':
        return np.where(Z > 0, Z, activation['slope'] * Z)
    if name == 'linear':
        return Z
    if name == 'softmax':
        E = np.exp(Z - Z.max(axis=0, keepdims=True))
        return E / E.sum(axis=0, keepdims=True)
    raise ValueError(f'unknown activation {name}')


def main(weights_path, csv_path):
    with open(weights_path) as f:
        weights = json.load(f)
    with open(csv_path, newline='') as f:
        rows = list(csv.DictReader(f))
    features = weights['input']['features']
    X = np.array([[float(row[name]) for name in features] for row in rows]).T  # (n_x, m)

    norm = weights['input']['normalization']
    if norm['kind'] == 'standardize':
        shift, scale = np.array(norm['mean']), np.array(norm['std'])
    elif norm['kind'] == 'minmax':
        shift, scale = np.array(norm['min']), np.array(norm['max']) - np.array(norm['min'])
    if norm['kind'] != 'none':
        X = (X - shift[:, None]) / np.where(scale > 0, scale, 1)[:, None]

    A = X
    for layer in weights['layers']:
        W, b = np.array(layer['W']), np.array(layer['b'])[:, None]
        A = activate(layer['activation'], W @ A + b)

    out = csv.writer(sys.stdout, lineterminator='\n')
    output = weights['output']
    if output['task'] == 'classification':
        classes = output['classes']
        P = np.vstack([1 - A, A]) if A.shape[0] == 1 else A
        predicted = (A[0] >= 0.5).astype(int) if A.shape[0] == 1 else A.argmax(axis=0)
        out.writerow(['prediction'] + [f'p_{c}' for c in classes])
        for j in range(P.shape[1]):
            out.writerow([classes[predicted[j]]] + [repr(float(p)) for p in P[:, j]])
    else:
        scaling = output.get('scaling', {'kind': 'none'})
        # Trained on scaled targets: undo the scaling to get the targets' own units.
        if scaling['kind'] == 'standardize':
            std = np.array(scaling['std'])
            A = A * np.where(std > 0, std, 1)[:, None] + np.array(scaling['mean'])[:, None]
        elif scaling['kind'] == 'minmax':
            low, high = np.array(scaling['min']), np.array(scaling['max'])
            A = A * np.where(high > low, high - low, 1)[:, None] + low[:, None]
        out.writerow(output['targets'])
        for j in range(A.shape[1]):
            out.writerow([repr(float(v)) for v in A[:, j]])


if __name__ == '__main__':
    main(*sys.argv[1:3])
