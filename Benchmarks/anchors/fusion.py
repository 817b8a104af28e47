# requires: numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1
"""scikit-learn anchor for the fusion case: the same rows `affect-bench fusion` wrote to --data
(float64 features row-major, then labels), the same objectives and stopping rules:
LogisticRegression(C=1, lbfgs, tol, max_iter) and MLPClassifier(128 ReLU, adam, batch 1024,
10 epochs, no early stopping). One run each (scikit-learn is slow); numpy's dgemm rate (its own
OpenBLAS) measured in the same process. run.sh pins one core (taskset) and one BLAS thread."""
import argparse
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

p = argparse.ArgumentParser()
p.add_argument("--rows", type=int, default=100_000)
p.add_argument("--features", type=int, default=256)
p.add_argument("--data", default="/tmp/affect-bench-fusion.f64")
p.add_argument("--tol", type=float, default=1e-4)
p.add_argument("--max-iter", type=int, default=100)
a = p.parse_args()

raw = np.fromfile(a.data, dtype="<f8")
n, d = a.rows, a.features
X = raw[: n * d].reshape(n, d)
y = raw[n * d:].astype(int)
warnings.simplefilter("ignore", ConvergenceWarning)


def row(cells):
    print("| " + " | ".join(cells) + " |")


def timed(f):
    w0, c0 = time.perf_counter(), time.process_time()
    r = f()
    return r, time.perf_counter() - w0, time.process_time() - c0


A = np.full((2000, 2000), 0.5)
runs = [timed(lambda: A @ A) for _ in range(3)]
best_w, best_c = min(r[1] for r in runs), min(r[2] for r in runs)
peak = 2 * 8e9 / best_c / 1e9
row(["dgemm 2000³", f"numpy {np.__version__} (its OpenBLAS)", f"{best_w:.4f}", f"{best_c:.4f}",
     f"{peak:.1f} GFLOP/s per CPU second"])

# Probe behind a design choice of the Swift side (numpy's OpenBLAS, CPU seconds, best of 5): one
# logistic-regression pass (X·Wᵀ and Gᵀ·X, 4 outputs, no softmax) in float64 256-row blocks, as
# the Swift objective does, vs float32 over the whole matrix (half the bytes).
def best_cpu(f, r=5):
    out = []
    for _ in range(r):
        c0 = time.process_time()
        f()
        out.append(time.process_time() - c0)
    return min(out)


W4 = np.full((4, d), 0.01)


def pass64():
    g = np.zeros((4, d))
    for s in range(0, n, 256):
        xb = X[s:s + 256]
        g += (xb @ W4.T).T @ xb


X32, W32 = X.astype(np.float32), W4.astype(np.float32)
row(["probe: one LR pass, float64 in 256-row blocks", "numpy", "", f"{best_cpu(pass64):.4f}", ""])
row(["probe: one LR pass, float32 whole matrix", "numpy", "",
     f"{best_cpu(lambda: (X32 @ W32.T).T @ X32):.4f}", ""])

lr, w, c = timed(lambda: LogisticRegression(C=1.0, tol=a.tol, max_iter=a.max_iter).fit(X, y))
Z = X @ lr.coef_.T + lr.intercept_
Z -= Z.max(1, keepdims=True)
logp = Z - np.log(np.exp(Z).sum(1, keepdims=True))
obj = -logp[np.arange(n), y].mean() + (lr.coef_ ** 2).sum() / (2 * 1.0 * n)
acc = (lr.predict(X) == y).mean()
row([f"logistic regression {n} × {d}, 4 classes, C=1, tol {a.tol}", f"scikit-learn {sklearn.__version__} lbfgs",
     f"{w:.4f}", f"{c:.4f}", f"iterations {lr.n_iter_[0]}, objective {obj:.12f}, train acc {acc:.4f}"])

mlp = MLPClassifier(hidden_layer_sizes=(128,), alpha=1e-4, batch_size=1024, learning_rate_init=1e-3, max_iter=10,
                    early_stopping=False, random_state=0)
mlp, w, c = timed(lambda: mlp.fit(X, y))
acc = (mlp.predict(X) == y).mean()
flops = 10 * n * (4 * d * 128 + 6 * 128 * 4)
row(["MLP 128 hidden, 10 epochs, batch 1024", f"scikit-learn {sklearn.__version__} adam", f"{w:.4f}", f"{c:.4f}",
     f"final train loss {mlp.loss_:.6f}, train acc {acc:.4f}, {flops / c / 1e9:.1f} GFLOP/s per CPU second overall"])
