# requires: numpy==2.4.6
"""Anchor for `affect-bench calibration`: the same headline metrics in numpy (float64, one core) on
n x K synthetic predictions made by the same recipe (softmax of N(0, 2^2) logits, labels drawn
from the logits / 2 softmax; numpy's generator, so the values differ from the Swift run's).
Usage: python3 calibration.py [--n 1000000] [--classes 4]. Prints Markdown rows (best of 5)."""
import argparse
import time

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, default=1_000_000)
ap.add_argument("--classes", type=int, default=4)
ap.add_argument("--repeats", type=int, default=5)
a, _ = ap.parse_known_args()
rng = np.random.default_rng(1)
z = 2 * rng.standard_normal((a.n, a.classes))
P = np.exp(z - z.max(1, keepdims=True)); P /= P.sum(1, keepdims=True)
T = np.exp((z - z.max(1, keepdims=True)) / 2); T /= T.sum(1, keepdims=True)
y = (rng.random(a.n)[:, None] > np.cumsum(T, 1)).sum(1).clip(0, a.classes - 1)
EDGES = np.linspace(0, 1, 16)


def ece_bins(conf, acc):
    idx = np.digitize(conf, EDGES[1:-1], right=True)
    cnt = np.bincount(idx, minlength=15)
    sc = np.bincount(idx, weights=conf, minlength=15)
    sa = np.bincount(idx, weights=acc, minlength=15)
    nz = cnt > 0
    gap = np.abs(sa[nz] / cnt[nz] - sc[nz] / cnt[nz])
    return (gap * cnt[nz]).sum() / len(conf), gap.max()


def ece_only():
    conf = P.max(1); acc = (P.argmax(1) == y).astype(float)
    return ece_bins(conf, acc)[0]


def headline():
    n, K = P.shape
    conf = P.max(1); acc = (P.argmax(1) == y).astype(float)
    ece, mce = ece_bins(conf, acc)
    order = np.argsort(conf, kind="stable")
    em = sum(abs(acc[c].mean() - conf[c].mean()) * len(c) / n for c in np.array_split(order, 15))
    cw = np.mean([ece_bins(P[:, k], (y == k).astype(float))[0] for k in range(K)])
    ace = 0.0
    for k in range(K):
        o = np.argsort(P[:, k], kind="stable"); yk = (y == k).astype(float)
        for c in np.array_split(o, 15):
            ace += abs(yk[c].mean() - P[c, k].mean())
    ace /= K * 15
    Y = np.eye(K)[y]
    brier = np.mean(np.sum((P - Y) ** 2, 1))
    eps = np.finfo(float).eps
    nll = -np.mean(np.log(np.clip(P[np.arange(n), y], eps, 1 - eps)))
    err = 1 - acc[order[::-1]]
    aurc = (np.cumsum(err) / np.arange(1, n + 1)).mean()
    return acc.mean(), ece, em, mce, cw, ace, brier, nll, aurc


def best(f):
    f()
    w = []; c = []
    for _ in range(a.repeats):
        w0 = time.perf_counter(); c0 = time.process_time(); v = f()
        w.append(time.perf_counter() - w0); c.append(time.process_time() - c0)
    return min(w), min(c), v


shape = f"{a.n} x {a.classes}"
w, c, v = best(ece_only)
print(f"| numpy ECE (15 bins, top-label) | {shape} | {w * 1000:.2f} | {c * 1000:.2f} | {v} |")
w, c, v = best(headline)
print(f"| numpy headline (accuracy, ece, ece_adaptive, mce, ece_classwise, ace_nixon, brier, nll, aurc) | {shape} | "
      f"{w * 1000:.2f} | {c * 1000:.2f} | {' '.join(f'{x:.6f}' for x in v)} |")
