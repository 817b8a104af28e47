# requires: scikit-learn==1.9.1 numpy
# Tight-tolerance scikit-learn reference for the full-data logistic regression on
# ../shared/data/predictions/fusion_dataset.csv. The shared reference used solver="lbfgs" with
# tol=1e-10, but scipy's L-BFGS-B stopped on its relative-decrease test (ftol = 64·eps) with
# max|grad| ≈ 3e-8, so its coefficients sit ~8e-4 (relative, worst element; 4e-7 in Frobenius norm)
# from the optimum. solver="newton-cholesky" (same objective) converges to max|grad| < 1e-12.
# Run from the repository root:  python Tests/FusionTests/Reference/make_tight_reference.py
import json
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

A = np.loadtxt("../shared/data/predictions/fusion_dataset.csv", delimiter=",", skiprows=1)
X, y = A[:, 3:], A[:, 2].astype(int)
out = {"schema": "affect.fusion.tight_reference.v1", "input": "fusion_dataset.csv",
       "parameters": {"C": 1.0, "solver": "newton-cholesky", "tol": 1e-12, "max_iter": 1000},
       "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}}
for name, XX in [("raw_features", X), ("standardised_features", StandardScaler().fit_transform(X))]:
    m = LogisticRegression(C=1.0, tol=1e-12, max_iter=1000, solver="newton-cholesky").fit(XX, y)
    Z = XX @ m.coef_.T + m.intercept_
    Z -= Z.max(1, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(1, keepdims=True)
    G = (P - np.eye(4)[y]) / len(y)
    grad = max(abs(G.T @ XX + m.coef_ / len(y)).max(), abs(G.sum(0)).max())
    out[name] = {"coef": m.coef_.tolist(), "intercept": m.intercept_.tolist(), "n_iter": int(m.n_iter_[0]),
                 "max_abs_scaled_gradient": float(grad)}
with open("Tests/FusionTests/Reference/tight_logreg_reference.json", "w") as f:
    json.dump(out, f, indent=1)
