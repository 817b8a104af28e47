# requires: scikit-learn==1.9.1 numpy==2.4.6
# Gradient evidence for the full-data logistic regression test (LogisticRegressionTests): max|grad f|
# of the scaled objective f = mean log-loss + ||W||^2/(2Cn) at the shared reference coefficients
# (fusion_reference.json "full_data_fit", scikit-learn lbfgs tol 1e-10) and at the converged
# newton-cholesky coefficients (tight_logreg_reference.json), plus the worst single element.
# Run from the repository root:  python Tests/FusionTests/Reference/gradient_evidence.py
import json, numpy as np
from sklearn.preprocessing import StandardScaler
A = np.loadtxt("../shared/data/predictions/fusion_dataset.csv", delimiter=",", skiprows=1)
X, y = A[:, 3:], A[:, 2].astype(int)
ref = json.load(open("../shared/reference/predictions/fusion_reference.json"))["full_data_fit"]
tight = json.load(open("Tests/FusionTests/Reference/tight_logreg_reference.json"))
n = len(y)
def grad(XX, W, b, C=1.0):
    Z = XX @ W.T + b; Z -= Z.max(1, keepdims=True); P = np.exp(Z); P /= P.sum(1, keepdims=True)
    G = (P - np.eye(4)[y]) / n
    gW = G.T @ XX + W / (C * n); gb = G.sum(0)
    g = np.concatenate([gW.ravel(), gb])
    obj = -np.log(P[np.arange(n), y]).mean() + (W**2).sum() / (2 * C * n)
    return g, obj
for name in ["raw_features", "standardised_features"]:
    XX = X if name == "raw_features" else StandardScaler().fit_transform(X)
    Wr, br = np.array(ref[name]["coef"]), np.array(ref[name]["intercept"])
    Wt, bt = np.array(tight[name]["coef"]), np.array(tight[name]["intercept"])
    gr, objr = grad(XX, Wr, br); gt, objt = grad(XX, Wt, bt)
    print(name)
    print(f"  reference lbfgs: max|grad f| {abs(gr).max():.3e}  ||grad f||2 {np.linalg.norm(gr):.3e}  (unscaled C·Σ objective: x n={n}: max {abs(gr).max()*n:.3e})  f={objr:.17g}")
    print(f"  newton-cholesky: max|grad f| {abs(gt).max():.3e}  ||grad f||2 {np.linalg.norm(gt):.3e}  f={objt:.17g}  f_ref-f_tight={objr-objt:.3e}")
    th_r = np.concatenate([Wr.ravel(), br]); th_t = np.concatenate([Wt.ravel(), bt])
    rel = abs(th_r - th_t) / abs(th_t)
    i = rel.argmax(); mx = abs(Wt).max()
    where = f"coef[{i//XX.shape[1]}][{i%XX.shape[1]}]" if i < Wt.size else f"intercept[{i-Wt.size}]"
    print(f"  worst element {where}: tight {th_t[i]:.6e} ref {th_r[i]:.6e} rel {rel[i]:.3e}  |coef|/max|coef| {abs(th_t[i])/mx:.3e}  abs diff/max|coef| {abs(th_r[i]-th_t[i])/mx:.3e}")
    print(f"  max abs diff / max|coef| over all {abs(th_r-th_t).max()/mx:.3e};  Frobenius rel {np.linalg.norm(th_r-th_t)/np.linalg.norm(th_t):.3e}; max|coef| {mx:.4f}")
    print(f"  coef-only Frobenius rel {np.linalg.norm(Wr-Wt)/np.linalg.norm(Wt):.3e}")
