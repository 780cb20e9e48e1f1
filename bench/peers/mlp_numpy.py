#!/usr/bin/env python3
"""numpy peer for `npm run bench`: the same MLP work as the TypeScript core, written the way the
tutorials write it (W[l] of shape (n_l, n_{l-1}), samples as columns, Z = W @ A + b).

Each run does what one epoch of the core's training loop does: shuffle, mini-batch SGD over the
training columns, then evaluate loss and accuracy on the whole training set and on the held-out set.
Timing covers initialization, training and evaluation, not loading the data.

    python3 mlp_numpy.py spirals DATA.f64 ROWS --epochs 200 --batch 16 --lr 0.1 --reps 3
    python3 mlp_numpy.py fashion DIR --dtype float32 --epochs 1 --batch 64 --lr 0.1 --reps 3

Prints one JSON object with one entry per repetition (seeds 0, 1, …); epoch_seconds holds each
repetition's epochs one by one (the first includes initialization):
    {"seconds": [...], "epoch_seconds": [[...], ...], "train_accuracy": [...], "test_accuracy": [...] or null, "numpy": "2.x"}
"""
import argparse
import gzip
import json
import os
import time

import numpy as np


def forward_activation(name, Z):
    if name == 'tanh':
        return np.tanh(Z)
    if name == 'relu':
        return np.maximum(Z, 0)
    if name == 'sigmoid':
        return 1 / (1 + np.exp(-Z))
    if name == 'softmax':
        E = np.exp(Z - Z.max(axis=0, keepdims=True))
        return E / E.sum(axis=0, keepdims=True)
    raise ValueError(name)


def backward_activation(name, Z, A, dA):
    if name == 'tanh':
        return dA * (1 - A * A)
    if name == 'relu':
        return dA * (Z > 0)
    if name == 'sigmoid':
        return dA * A * (1 - A)
    raise ValueError(name)


def init_params(sizes, dtype, rng):
    # heNormal weights, zero biases.
    return [
        [(rng.standard_normal((n, n_prev)) * np.sqrt(2 / n_prev)).astype(dtype), np.zeros((n, 1), dtype)]
        for n_prev, n in zip(sizes[:-1], sizes[1:])
    ]


def forward(params, activations, X):
    caches, A = [], X
    for (W, b), g in zip(params, activations):
        Z = W @ A + b
        caches.append((A, Z))
        A = forward_activation(g, Z)
    return A, caches


def train_step(params, activations, X, Y, lr):
    m = X.shape[1]
    A, caches = forward(params, activations, X)
    dZ = (A - Y) / m  # sigmoid + BCE and softmax + CCE share this fused output gradient
    for l in reversed(range(len(params))):
        A_prev, Z = caches[l]
        W, b = params[l]
        dW = dZ @ A_prev.T
        db = dZ.sum(axis=1, keepdims=True)
        if l > 0:
            dA = W.T @ dZ
            dZ = backward_activation(activations[l - 1], caches[l - 1][1], A_prev, dA)
        W -= lr * dW
        b -= lr * db


def evaluate(params, activations, X, Y, labels):
    A, _ = forward(params, activations, X)
    P = np.clip(A, 1e-15, 1 - 1e-15)
    m = X.shape[1]
    if A.shape[0] == 1:
        loss = -np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / m
        predicted = (A[0] >= 0.5).astype(np.int64)
    else:
        loss = -np.sum(Y * np.log(P)) / m
        predicted = A.argmax(axis=0)
    return float(loss), float(np.mean(predicted == labels))


def run(sizes, activations, X, Y, labels, X_test, Y_test, labels_test, epochs, batch, lr, dtype, seed):
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    params = init_params(sizes, dtype, rng)
    m = X.shape[1]
    lr = dtype(lr)
    epoch_ends = []
    for _ in range(epochs):
        order = rng.permutation(m)
        for i in range(0, m, batch):
            idx = order[i:i + batch]
            train_step(params, activations, X[:, idx], Y[:, idx], lr)
        _, train_accuracy = evaluate(params, activations, X, Y, labels)
        test_accuracy = evaluate(params, activations, X_test, Y_test, labels_test)[1] if X_test is not None else None
        epoch_ends.append(time.perf_counter() - start)
    epoch_seconds = [end - before for end, before in zip(epoch_ends, [0.0] + epoch_ends[:-1])]
    return time.perf_counter() - start, train_accuracy, test_accuracy, epoch_seconds


def load_idx(path, offset):
    with gzip.open(path, 'rb') as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('task', choices=['spirals', 'fashion'])
    parser.add_argument('source')
    parser.add_argument('rows', nargs='?', type=int)
    parser.add_argument('--dtype', default='float64', choices=['float32', 'float64'])
    parser.add_argument('--epochs', type=int, required=True)
    parser.add_argument('--batch', type=int, required=True)
    parser.add_argument('--lr', type=float, required=True)
    parser.add_argument('--reps', type=int, default=1)
    args = parser.parse_args()
    dtype = np.float32 if args.dtype == 'float32' else np.float64

    if args.task == 'spirals':
        # rows × (x1, x2, label) float64, written by bench/index.ts from the core's own generator.
        data = np.fromfile(args.source, dtype=np.float64).reshape(args.rows, 3)
        X = np.ascontiguousarray(data[:, :2].T, dtype=dtype)
        labels = data[:, 2].astype(np.int64)
        Y = labels[None, :].astype(dtype)
        sizes, activations = [2, 16, 16, 1], ['tanh', 'tanh', 'sigmoid']
        X_test = Y_test = labels_test = None
    else:
        def load(kind):
            images = load_idx(os.path.join(args.source, f'{kind}-images-idx3-ubyte.gz'), 16)
            labels = load_idx(os.path.join(args.source, f'{kind}-labels-idx1-ubyte.gz'), 8).astype(np.int64)
            X = np.ascontiguousarray((images.reshape(len(labels), 784) / 255).T, dtype=dtype)
            return X, np.eye(10, dtype=dtype)[:, labels], labels
        X, Y, labels = load('train')
        X_test, Y_test, labels_test = load('t10k')
        sizes, activations = [784, 128, 10], ['relu', 'softmax']

    results = [
        run(sizes, activations, X, Y, labels, X_test, Y_test, labels_test, args.epochs, args.batch, args.lr, dtype, seed)
        for seed in range(args.reps)
    ]
    print(json.dumps({
        'seconds': [r[0] for r in results],
        'epoch_seconds': [r[3] for r in results],
        'train_accuracy': [r[1] for r in results],
        'test_accuracy': [r[2] for r in results] if X_test is not None else None,
        'numpy': np.__version__,
    }))


if __name__ == '__main__':
    main()
