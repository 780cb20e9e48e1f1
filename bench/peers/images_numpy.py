#!/usr/bin/env python3
"""numpy peer for the image-sized task of `npm run bench` (bench/kernels-vs-peers.ts): one training
pass over SAMPLES random 64×64×3 images (12,288 inputs → 128 relu → 10 softmax, cross-entropy,
SGD), with the tutorial-style MLP of mlp_numpy.py (samples as columns, Z = W @ A + b), float32.

    python3 images_numpy.py SAMPLES --batch 32 --lr 0.1 --reps 3

Times initialization and training, not data generation. Prints {"seconds": [...], "numpy": ...}.
"""
import argparse
import json
import time

import numpy as np

import mlp_numpy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('samples', type=int)
    parser.add_argument('--batch', type=int, required=True)
    parser.add_argument('--lr', type=float, required=True)
    parser.add_argument('--reps', type=int, default=1)
    args = parser.parse_args()
    data_rng = np.random.default_rng(0)
    X = data_rng.random((12288, args.samples), dtype=np.float32)
    labels = data_rng.integers(0, 10, args.samples)
    Y = np.eye(10, dtype=np.float32)[:, labels]
    activations = ['relu', 'softmax']
    seconds = []
    for seed in range(args.reps):
        rng = np.random.default_rng(seed)
        start = time.perf_counter()
        params = mlp_numpy.init_params([12288, 128, 10], np.float32, rng)
        order = rng.permutation(args.samples)
        for i in range(0, args.samples, args.batch):
            idx = order[i:i + args.batch]
            mlp_numpy.train_step(params, activations, X[:, idx], Y[:, idx], np.float32(args.lr))
        seconds.append(time.perf_counter() - start)
    print(json.dumps({'seconds': seconds, 'numpy': np.__version__}))


if __name__ == '__main__':
    main()
