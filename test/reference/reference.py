#!/usr/bin/env python3
"""Independent numpy reference for the numeric core (issue 2).

Written the way the tutorials write it: W[l] has shape (n_l, n_{l-1}), b[l] is (n_l, 1), samples are
columns, Z = W @ A + b, A = g(Z), and backpropagation by the chain rule. For a few small fixed nets it
draws initial weights, a dataset and a batch order from a seeded numpy generator, takes 50 optimizer
steps, and writes everything to test/fixtures/reference/<case>.json:

    x (m × n_x rows), y (m × n_out rows), batches (50 lists of sample indices),
    initial / final (per layer W as n_l rows of n_{l-1}, b as n_l), losses (the batch loss of each
    step, computed in the forward pass before that step's update).

test/unit/shared/nn/reference.test.ts replays the same steps through the TypeScript core and requires
agreement within 1e-9. Loss definitions (the same as src/shared/nn/losses.ts; all but sse are means):
    sse                      E = Σ (A − Y)²   (the first tutorial's: summed, not halved; ∂E/∂A = 2(A − Y))
    mse                      E = 1/(n_out·m)·Σ (A − Y)²
    binaryCrossEntropy       E = −1/m·Σ [Y ln A + (1 − Y) ln(1 − A)]
    categoricalCrossEntropy  E = −1/m·Σ Y ln A
with the fused output gradient dZ = (A − Y)/m for sigmoid + BCE and softmax + CCE.

Regenerate with:  python3 test/reference/reference.py
"""
import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / 'fixtures' / 'reference'
STEPS = 50


# Activations: forward g(Z) and backward dZ = dA * g'(Z).
def forward(name, Z, slope=0.0):
    if name == 'sigmoid':
        return 1 / (1 + np.exp(-Z))
    if name == 'tanh':
        return np.tanh(Z)
    if name == 'relu':
        return np.where(Z > 0, Z, 0.0)
    if name == 'leakyRelu':
        return np.where(Z > 0, Z, slope * Z)
    if name == 'linear':
        return Z.copy()
    if name == 'softmax':
        E = np.exp(Z - Z.max(axis=0, keepdims=True))
        return E / E.sum(axis=0, keepdims=True)
    raise ValueError(name)


def backward(name, Z, A, dA, slope=0.0):
    if name == 'sigmoid':
        return dA * A * (1 - A)
    if name == 'tanh':
        return dA * (1 - A ** 2)
    if name == 'relu':
        return np.where(Z > 0, dA, 0.0)
    if name == 'leakyRelu':
        return np.where(Z > 0, dA, slope * dA)
    if name == 'linear':
        return dA
    raise ValueError(name)


def loss_value(loss, A, Y):
    m = Y.shape[1]
    if loss == 'sse':
        return float(np.sum((A - Y) ** 2))
    if loss == 'mse':
        return float(np.sum((A - Y) ** 2) / Y.size)
    P = np.clip(A, 1e-15, 1 - 1e-15)
    if loss == 'binaryCrossEntropy':
        return float(-np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / m)
    if loss == 'categoricalCrossEntropy':
        return float(-np.sum(Y * np.log(P)) / m)
    raise ValueError(loss)


def output_gradient(loss, A, Y):
    """dZ of the output layer when the loss is fused with its activation, else dA."""
    m = Y.shape[1]
    if loss in ('binaryCrossEntropy', 'categoricalCrossEntropy'):
        return (A - Y) / m
    if loss == 'sse':
        return 2 * (A - Y)
    if loss == 'mse':
        return 2 * (A - Y) / Y.size
    raise ValueError(loss)


def step_gradients(params, layers, loss, X, Y):
    """One forward and backward pass on a batch: returns the loss and [(dW, db)] per layer."""
    caches = []
    A = X
    for (W, b), (name, slope) in zip(params, layers):
        Z = W @ A + b
        caches.append((A, Z))
        A = forward(name, Z, slope)
    value = loss_value(loss, A, Y)

    grads = [None] * len(params)
    fused = loss in ('binaryCrossEntropy', 'categoricalCrossEntropy')
    dA = None
    for l in reversed(range(len(params))):
        A_prev, Z = caches[l]
        name, slope = layers[l]
        A_out = forward(name, Z, slope)
        if l == len(params) - 1:
            G = output_gradient(loss, A_out, Y)
            dZ = G if fused else backward(name, Z, A_out, G, slope)
        else:
            dZ = backward(name, Z, A_out, dA, slope)
        dW = dZ @ A_prev.T
        db = dZ.sum(axis=1, keepdims=True)
        dA = params[l][0].T @ dZ
        grads[l] = (dW, db)
    return value, grads


class Sgd:
    def __init__(self, learningRate):
        self.lr = learningRate

    def update(self, params, grads, t):
        for (W, b), (dW, db) in zip(params, grads):
            W -= self.lr * dW
            b -= self.lr * db


class Momentum:
    """v ← μ·v + g; θ ← θ − lr·v, or with Nesterov θ ← θ − lr·(g + μ·v)."""

    def __init__(self, learningRate, momentum, nesterov):
        self.lr, self.mu, self.nesterov = learningRate, momentum, nesterov
        self.v = None

    def update(self, params, grads, t):
        if self.v is None:
            self.v = [[np.zeros_like(p) for p in layer] for layer in params]
        for layer, grad, velocity in zip(params, grads, self.v):
            for p, g, v in zip(layer, grad, velocity):
                v *= self.mu
                v += g
                p -= self.lr * (g + self.mu * v if self.nesterov else v)


class Adam:
    """m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; θ ← θ − lr·m̂/(√v̂ + ε), t from 1."""

    def __init__(self, learningRate, beta1, beta2, epsilon):
        self.lr, self.b1, self.b2, self.eps = learningRate, beta1, beta2, epsilon
        self.state = None

    def update(self, params, grads, t):
        if self.state is None:
            self.state = [[(np.zeros_like(p), np.zeros_like(p)) for p in layer] for layer in params]
        for layer, grad, state in zip(params, grads, self.state):
            for p, g, (m, v) in zip(layer, grad, state):
                m *= self.b1
                m += (1 - self.b1) * g
                v *= self.b2
                v += (1 - self.b2) * g * g
                m_hat = m / (1 - self.b1 ** t)
                v_hat = v / (1 - self.b2 ** t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def make_optimizer(spec):
    args = {k: v for k, v in spec.items() if k != 'name'}
    return {'sgd': Sgd, 'momentum': Momentum, 'adam': Adam}[spec['name']](**args)


def params_json(params):
    return [{'W': W.tolist(), 'b': b[:, 0].tolist()} for W, b in params]


def run_case(name, sizes, layers, loss, optimizer, samples, batch_size, seed):
    rng = np.random.default_rng(seed)
    # Weights scaled like heNormal, biases small but non-zero so the bias path is exercised.
    params = [
        (rng.standard_normal((n, n_prev)) * np.sqrt(2 / n_prev), rng.standard_normal((n, 1)) * 0.1)
        for n_prev, n in zip(sizes[:-1], sizes[1:])
    ]
    initial = params_json(params)

    X = rng.standard_normal((sizes[0], samples))
    n_out = sizes[-1]
    if loss == 'categoricalCrossEntropy':
        labels = (np.argmax(np.vstack([X, -X.sum(axis=0, keepdims=True)])[:n_out], axis=0))
        Y = np.eye(n_out)[:, labels]
    elif loss == 'binaryCrossEntropy':
        Y = (X[0:1] * X[1:2] > 0).astype(float)
    else:
        Y = np.vstack([np.sin(X[0:1]) + X[1:2], X[2:3] ** 2])[:n_out]

    batches = []
    while len(batches) < STEPS:
        order = rng.permutation(samples)
        batches += [order[i:i + batch_size].tolist() for i in range(0, samples, batch_size)]
    batches = batches[:STEPS]

    opt = make_optimizer(optimizer)
    losses = []
    for t, batch in enumerate(batches, start=1):
        value, grads = step_gradients(params, layers, loss, X[:, batch], Y[:, batch])
        losses.append(value)
        opt.update(params, grads, t)

    fixture = {
        'name': name,
        'sizes': sizes,
        'layers': [{'name': a, 'slope': s} if a == 'leakyRelu' else {'name': a} for a, s in layers],
        'loss': loss,
        'optimizer': optimizer,
        'x': X.T.tolist(),
        'y': Y.T.tolist(),
        'batches': batches,
        'initial': initial,
        'losses': losses,
        'final': params_json(params),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / f'{name}.json', 'w') as f:
        json.dump(fixture, f, indent=1)
        f.write('\n')
    print(f'{name}: loss {losses[0]:.6f} → {losses[-1]:.6f}')


run_case('softmax-cce-sgd', [3, 5, 4, 3], [('tanh', 0), ('relu', 0), ('softmax', 0)],
         'categoricalCrossEntropy', {'name': 'sgd', 'learningRate': 0.1}, samples=24, batch_size=8, seed=1)
run_case('sigmoid-bce-sgd', [3, 6, 4, 1], [('sigmoid', 0), ('leakyRelu', 0.1), ('sigmoid', 0)],
         'binaryCrossEntropy', {'name': 'sgd', 'learningRate': 0.5}, samples=20, batch_size=5, seed=2)
run_case('softmax-cce-adam', [3, 5, 4, 3], [('tanh', 0), ('relu', 0), ('softmax', 0)],
         'categoricalCrossEntropy',
         {'name': 'adam', 'learningRate': 0.01, 'beta1': 0.9, 'beta2': 0.999, 'epsilon': 1e-8},
         samples=24, batch_size=8, seed=3)
run_case('linear-mse-nesterov', [3, 5, 2], [('tanh', 0), ('linear', 0)],
         'mse', {'name': 'momentum', 'learningRate': 0.05, 'momentum': 0.9, 'nesterov': True},
         samples=16, batch_size=4, seed=4)
run_case('sigmoid-sse-momentum', [3, 4, 2], [('tanh', 0), ('sigmoid', 0)],
         'sse', {'name': 'momentum', 'learningRate': 0.05, 'momentum': 0.9, 'nesterov': False},
         samples=16, batch_size=4, seed=5)
