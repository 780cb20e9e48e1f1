#!/usr/bin/env python3
"""A bare PyTorch training epoch, for `npm run bench` (bench/user-runs.ts): Fashion-MNIST
784-128-10 relu/softmax, cross-entropy, SGD, the way a PyTorch user writes the loop
(bench/peers/mlp_torch.py's model and loop), one thread, float32, and no evaluation at all — what a
PyTorch user pays per epoch. Data loading is not timed.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 torch_bare_epoch.py DIR --epochs 5 --batch 64 --lr 0.1 --seed 0

Prints one JSON object: {"epoch_seconds": [...], "torch": ...}; the first epoch includes building
the model.
"""
import argparse
import json
import os
import time

import numpy as np
import torch

from mlp_torch import load_idx, mlp, train


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('source')
    parser.add_argument('--epochs', type=int, default=5)
    parser.add_argument('--batch', type=int, required=True)
    parser.add_argument('--lr', type=float, required=True)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    images = load_idx(os.path.join(args.source, 'train-images-idx3-ubyte.gz'), 16)
    labels = torch.tensor(load_idx(os.path.join(args.source, 'train-labels-idx1-ubyte.gz'), 8).astype(np.int64))
    X = torch.tensor(images.reshape(len(labels), 784) / 255, dtype=torch.float32)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    start = time.perf_counter()
    model = mlp([784, 128, 10], torch.nn.ReLU)
    ends = []
    train(model, X, labels, args.epochs, args.batch, args.lr, torch.nn.CrossEntropyLoss(), generator, None, lambda: ends.append(time.perf_counter() - start))
    print(json.dumps({'epoch_seconds': [end - before for end, before in zip(ends, [0.0] + ends[:-1])], 'torch': torch.__version__}))


if __name__ == '__main__':
    main()
