#!/usr/bin/env python3
"""Independent numpy reference for the step inspector (issue 18): every number of a training step.

Written as the tutorials write it: W[l] is (n_l, n_{l-1}), b[l] is (n_l, 1), one column per sample,
Z = W @ A + b, A = g(Z); backward dZ = dA * g'(Z) (or the fused (A - Y)/m), dW = dZ @ A_prev.T,
db = dZ summed over the columns, dA_prev = W.T @ dZ; then L2 (lambda * W), clipping of the global norm,
and the optimizer update. For each case it draws a small dataset and starting weights from a seeded
numpy generator, takes `steps - 1` steps on `first_rows`, then records every number of the next step on
`rows`, and writes test/fixtures/inspect/<case>.json. test/unit/shared/engine/inspect-step.test.ts
runs the engine's StepInspector from the same weights and rows and requires agreement within 1e-12.

Losses (as src/shared/nn/losses.ts; sse is left out while its definition changes):
    mse                      E = 1/(n_out m) sum (A - Y)^2         dA = 2 (A - Y)/(n_out m)
    binaryCrossEntropy       E = -1/m sum [Y ln P + (1-Y) ln(1-P)]  dA = (P - Y)/(P (1 - P) m)
    categoricalCrossEntropy  E = -1/m sum Y ln P                    dA = -Y/(P m)
with P = clip(A, 1e-15, 1 - 1e-15).

Regenerate with:  python3 test/reference/inspect_numpy.py
"""
import json
from pathlib import Path

import numpy as np

from reference import forward as g  # the activations of the core's reference, g(name, Z, slope)

OUT = Path(__file__).resolve().parent.parent / 'fixtures' / 'inspect'
EPS = 1e-15


def g_prime(name, Z, A, slope):
    if name == 'sigmoid':
        return A * (1 - A)
    if name == 'tanh':
        return 1 - A * A
    if name == 'relu':
        return np.where(Z > 0, 1.0, 0.0)
    if name == 'leakyRelu':
        return np.where(Z > 0, 1.0, slope)
    if name == 'linear':
        return np.ones_like(Z)
    return None  # softmax couples its units


def loss_value(name, A, Y):
    n, m = A.shape
    if name == 'mse':
        return float(np.sum((A - Y) ** 2) / (n * m))
    P = np.clip(A, EPS, 1 - EPS)
    if name == 'binaryCrossEntropy':
        return float(-np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / m)
    return float(-np.sum(Y * np.log(P)) / m)


def loss_gradient(name, A, Y):
    n, m = A.shape
    if name == 'mse':
        return 2 * (A - Y) / (n * m)
    P = np.clip(A, EPS, 1 - EPS)
    if name == 'binaryCrossEntropy':
        return (P - Y) / (P * (1 - P) * m)
    return -Y / (P * m)


FUSED = {('sigmoid', 'binaryCrossEntropy'), ('softmax', 'categoricalCrossEntropy')}


def step(case, Ws, bs, state, X, Y):
    """One training step in place; returns everything it computed."""
    layers = case['layers']
    L = len(layers)
    m = X.shape[1]
    As, Zs = [X], []
    for l in range(L):
        Z = Ws[l] @ As[-1] + bs[l]
        Zs.append(Z)
        As.append(g(layers[l]['activation'], Z, layers[l].get('slope', 0.0)))
    loss = loss_value(case['loss'], As[-1], Y)
    lam = case['l2']
    penalty = 0.5 * lam * sum(float(np.sum(W * W)) for W in Ws)
    backward = [None] * L
    dA = loss_gradient(case['loss'], As[-1], Y)
    for l in range(L - 1, -1, -1):
        name, slope = layers[l]['activation'], layers[l].get('slope', 0.0)
        fused = l == L - 1 and (name, case['loss']) in FUSED
        gp = g_prime(name, Zs[l], As[l + 1], slope)
        if fused:
            dZ = (As[l + 1] - Y) / m
        elif gp is None:
            A = As[l + 1]
            dZ = A * (dA - np.sum(A * dA, axis=0, keepdims=True))
        else:
            dZ = dA * gp
        dW = dZ @ As[l].T
        db = dZ.sum(axis=1, keepdims=True)
        dA_prev = Ws[l].T @ dZ
        backward[l] = dict(dA=dA, gPrime=gp, dZ=dZ, dW=dW, db=db, dA_prev=dA_prev, fused=fused)
        dA = dA_prev
    grads = []
    for l in range(L):
        grads += [backward[l]['dW'] + lam * Ws[l], backward[l]['db'].copy()]
    norm = float(np.sqrt(sum(float(np.sum(G * G)) for G in grads)))
    clip = case.get('clipNorm')
    factor = clip / norm if clip is not None and norm > clip else 1.0
    used = [G * factor for G in grads]
    opt = case['optimizer']
    lr = opt['learningRate']
    params = [p for l in range(L) for p in (Ws[l], bs[l])]
    before = [p.copy() for p in params]
    state['t'] += 1
    t = state['t']
    for i, (p, G) in enumerate(zip(params, used)):
        if opt['name'] == 'sgd':
            p -= lr * G
        elif opt['name'] == 'momentum':
            v = state.setdefault('velocity', [np.zeros_like(q) for q in params])
            v[i] = opt['momentum'] * v[i] + G
            p -= lr * (G + opt['momentum'] * v[i]) if opt['nesterov'] else lr * v[i]
        elif opt['name'] == 'adam':
            M = state.setdefault('m', [np.zeros_like(q) for q in params])
            V = state.setdefault('v', [np.zeros_like(q) for q in params])
            b1, b2, e = opt['beta1'], opt['beta2'], opt['epsilon']
            M[i] = b1 * M[i] + (1 - b1) * G
            V[i] = b2 * V[i] + (1 - b2) * G * G
            p -= lr * (M[i] / (1 - b1 ** t)) / (np.sqrt(V[i] / (1 - b2 ** t)) + e)
    return dict(As=As, Zs=Zs, loss=loss, penalty=penalty, backward=backward, grads=[G.copy() for G in grads],
                norm=norm, factor=factor, used=used, before=before, after=[p.copy() for p in params], t=t)


def rows_of(a):
    return np.atleast_2d(a).tolist()


def run(case):
    rng = np.random.default_rng(case['seed'])
    n = case['samples']
    X_all = rng.normal(size=(n, case['inputs']))
    if case['task'] == 'classification':
        classes = case['classes']
        labels = rng.integers(0, classes, size=n)
        units = case['layers'][-1]['units']
        Y_all = (labels[:, None] == np.arange(units)[None, :]).astype(float) if units > 1 else labels[:, None].astype(float)
        target = dict(labels=labels.tolist(), classes=[f'c{k}' for k in range(classes)])
    else:
        Y_all = rng.normal(size=(n, case['layers'][-1]['units']))
        target = dict(values=Y_all.tolist())
    Ws, bs, fan_in = [], [], case['inputs']
    for layer in case['layers']:
        Ws.append(rng.normal(size=(layer['units'], fan_in)) / np.sqrt(fan_in))
        bs.append(rng.normal(size=(layer['units'], 1)) * 0.1)
        fan_in = layer['units']
    initial = [dict(W=W.tolist(), b=b[:, 0].tolist()) for W, b in zip(Ws, bs)]
    state = {'t': 0}
    for _ in range(case['steps'] - 1):
        r = case['first_rows']
        step(case, Ws, bs, state, X_all[r].T, Y_all[r].T)
    r = case['rows']
    s = step(case, Ws, bs, state, X_all[r].T, Y_all[r].T)
    L = len(case['layers'])
    names = [k for k in ('velocity', 'm', 'v') if k in state]
    expected = dict(
        loss=s['loss'], l2Penalty=s['penalty'], gradientNorm=s['norm'], clipFactor=s['factor'], step=s['t'],
        forward=[dict(A_prev=rows_of(s['As'][l]), Z=rows_of(s['Zs'][l]), A=rows_of(s['As'][l + 1])) for l in range(L)],
        backward=[dict(dA=rows_of(b['dA']), gPrime=None if b['gPrime'] is None else rows_of(b['gPrime']), dZ=rows_of(b['dZ']),
                       dW=rows_of(b['dW']), db=rows_of(b['db']), dA_prev=rows_of(b['dA_prev']), fused=b['fused'])
                  for b in s['backward']],
        update=[dict(gradient=rows_of(s['grads'][i]), used=rows_of(s['used'][i]), before=rows_of(s['before'][i]),
                     after=rows_of(s['after'][i]), state={k: rows_of(state[k][i]) for k in names})
                for i in range(2 * L)],
    )
    return dict(case={k: v for k, v in case.items()}, x=X_all.tolist(), target=target, initial=initial, expected=expected)


CASES = [
    dict(name='tanh-relu-softmax-cce-sgd-l2', seed=1, inputs=4, samples=12, task='classification', classes=3,
         layers=[dict(units=5, activation='tanh'), dict(units=4, activation='relu'), dict(units=3, activation='softmax')],
         loss='categoricalCrossEntropy', optimizer=dict(name='sgd', learningRate=0.3), l2=0.01,
         steps=1, first_rows=[], rows=[0, 3, 7, 11]),
    dict(name='sigmoid-leaky-linear-mse-momentum-clip', seed=2, inputs=3, samples=10, task='regression',
         layers=[dict(units=4, activation='sigmoid'), dict(units=3, activation='leakyRelu', slope=0.1), dict(units=2, activation='linear')],
         loss='mse', optimizer=dict(name='momentum', learningRate=0.2, momentum=0.9, nesterov=False), l2=0.0, clipNorm=0.05,
         steps=2, first_rows=[1, 2, 3, 4], rows=[5, 6, 0]),
    dict(name='relu-sigmoid-bce-adam', seed=3, inputs=5, samples=9, task='classification', classes=2,
         layers=[dict(units=6, activation='relu'), dict(units=1, activation='sigmoid')],
         loss='binaryCrossEntropy', optimizer=dict(name='adam', learningRate=0.05, beta1=0.9, beta2=0.999, epsilon=1e-8), l2=0.0,
         steps=3, first_rows=[0, 1, 2, 3, 4, 5], rows=[2, 8]),
    dict(name='linear-sigmoid-cce-unfused-nesterov', seed=4, inputs=3, samples=8, task='classification', classes=3,
         layers=[dict(units=4, activation='linear'), dict(units=3, activation='sigmoid')],
         loss='categoricalCrossEntropy', optimizer=dict(name='momentum', learningRate=0.1, momentum=0.8, nesterov=True), l2=0.02,
         steps=2, first_rows=[0, 1, 2], rows=[3, 4, 5, 6, 7]),
    dict(name='leaky-softmax-bce-unfused-adam-l2', seed=5, inputs=4, samples=8, task='classification', classes=2,
         layers=[dict(units=3, activation='leakyRelu', slope=0.05), dict(units=2, activation='softmax')],
         loss='binaryCrossEntropy', optimizer=dict(name='adam', learningRate=0.01, beta1=0.8, beta2=0.99, epsilon=1e-7), l2=0.05,
         steps=2, first_rows=[7, 6, 5], rows=[1]),
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        (OUT / f"{case['name']}.json").write_text(json.dumps(run(case)) + '\n')
        print(f"wrote {case['name']}")


if __name__ == '__main__':
    main()
