#!/usr/bin/env python3
"""PyTorch peer for `npm run bench` (bench/kernels-vs-peers.ts): the same MLP work as the core,
written the way a PyTorch user would write it (nn.Sequential, autograd, optim.SGD), on the CPU with
one thread (torch.set_num_threads(1); run with OPENBLAS_NUM_THREADS=1).

    python3 mlp_torch.py spirals DATA.f64 ROWS --epochs 200 --batch 16 --lr 0.1
    python3 mlp_torch.py fashion DIR --epochs 1 --batch 64 --lr 0.1
    python3 mlp_torch.py images SAMPLES --batch 32 --lr 0.1

spirals and fashion time what one epoch of the core's loop does: shuffle, mini-batch SGD, then loss
and accuracy on the whole training set (and the test set for fashion). images times one training
pass over SAMPLES random 64×64×3 images (12,288 inputs → 128 → 10), without evaluation.
Initialization is He-normal weights and zero biases, like the core's heNormal. Everything float32,
or float64 with --dtype float64 (torch.set_default_dtype(torch.float64)).
Prints one JSON object: {"seconds": [...], "epoch_seconds": [[...], ...], "train_accuracy": ...,
"test_accuracy": ..., "torch": ...}; epoch_seconds holds each repetition's epochs one by one (the
first includes building the model).
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch


def mlp(sizes, hidden):
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        linear = torch.nn.Linear(n_in, n_out)
        torch.nn.init.kaiming_normal_(linear.weight, nonlinearity='relu')
        torch.nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(hidden())
    return torch.nn.Sequential(*layers)


def evaluate(model, X, targets, labels, loss_fn, binary):
    """Loss and accuracy on a whole set, like the core's per-epoch evaluation."""
    with torch.no_grad():
        logits = model(X)
        loss = loss_fn(logits, targets).item()
        predicted = (logits[:, 0] >= 0).long() if binary else logits.argmax(dim=1)
        return loss, (predicted == labels).float().mean().item()


def train(model, X, targets, epochs, batch, lr, loss_fn, generator, after_epoch, on_epoch_end):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    result = None
    for _ in range(epochs):
        order = torch.randperm(X.shape[0], generator=generator)
        for i in range(0, X.shape[0], batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(X[idx]), targets[idx])
            loss.backward()
            optimizer.step()
        if after_epoch:
            result = after_epoch()
        on_epoch_end()
    return result


def load_idx(path, offset):
    with gzip.open(path, 'rb') as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('task', choices=['spirals', 'fashion', 'images'])
    parser.add_argument('source')
    parser.add_argument('rows', nargs='?', type=int)
    parser.add_argument('--epochs', type=int, default=1)
    parser.add_argument('--batch', type=int, required=True)
    parser.add_argument('--lr', type=float, required=True)
    parser.add_argument('--reps', type=int, default=1)
    parser.add_argument('--dtype', choices=['float32', 'float64'], default='float32')
    args = parser.parse_args()
    torch.set_num_threads(1)
    dtype = torch.float64 if args.dtype == 'float64' else torch.float32
    torch.set_default_dtype(dtype)

    if args.task == 'spirals':
        data = np.fromfile(args.source, dtype=np.float64).reshape(args.rows, 3)
        X = torch.tensor(data[:, :2], dtype=dtype)
        labels = torch.tensor(data[:, 2], dtype=torch.long)
        targets = labels.to(dtype)[:, None]
        sizes, hidden, loss_fn, binary = [2, 16, 16, 1], torch.nn.Tanh, torch.nn.BCEWithLogitsLoss(), True
        X_test = targets_test = labels_test = None
    elif args.task == 'fashion':
        def load(kind):
            images = load_idx(os.path.join(args.source, f'{kind}-images-idx3-ubyte.gz'), 16)
            labels = load_idx(os.path.join(args.source, f'{kind}-labels-idx1-ubyte.gz'), 8).astype(np.int64)
            return torch.tensor(images.reshape(len(labels), 784) / 255, dtype=dtype), torch.tensor(labels)
        X, labels = load('train')
        X_test, labels_test = load('t10k')
        targets, targets_test = labels, labels_test
        sizes, hidden, loss_fn, binary = [784, 128, 10], torch.nn.ReLU, torch.nn.CrossEntropyLoss(), False
    else:
        samples = int(args.source)
        generator = torch.Generator().manual_seed(0)
        X = torch.rand(samples, 12288, generator=generator)
        labels = torch.randint(0, 10, (samples,), generator=generator)
        targets = labels
        sizes, hidden, loss_fn, binary = [12288, 128, 10], torch.nn.ReLU, torch.nn.CrossEntropyLoss(), False
        X_test = targets_test = labels_test = None

    seconds, epoch_seconds, train_accuracy, test_accuracy = [], [], None, None
    for seed in range(args.reps):
        torch.manual_seed(seed)
        generator = torch.Generator().manual_seed(seed)
        start = time.perf_counter()
        model = mlp(sizes, hidden)

        def evaluate_both():
            _, train_acc = evaluate(model, X, targets, labels, loss_fn, binary)
            test_acc = evaluate(model, X_test, targets_test, labels_test, loss_fn, binary)[1] if X_test is not None else None
            return train_acc, test_acc

        epoch_ends = []
        result = train(model, X, targets, args.epochs, args.batch, args.lr, loss_fn, generator, evaluate_both if args.task != 'images' else None,
                       lambda: epoch_ends.append(time.perf_counter() - start))
        seconds.append(time.perf_counter() - start)
        epoch_seconds.append([end - before for end, before in zip(epoch_ends, [0.0] + epoch_ends[:-1])])
        if result:
            train_accuracy, test_accuracy = result
    print(json.dumps({'seconds': seconds, 'epoch_seconds': epoch_seconds, 'train_accuracy': train_accuracy, 'test_accuracy': test_accuracy, 'torch': torch.__version__}))


if __name__ == '__main__':
    main()
