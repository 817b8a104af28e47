# requires: numpy==2.4.6
"""Where is the maximum-likelihood Cox calibration fit of binary_overconfident? Newton's method in
50-digit decimal arithmetic on the float64 log-odds z = ln p - ln(1 - p) (as Calibration computes
them) gives the MLE to far below 1e-15; the score (gradient of the log-likelihood) is evaluated
at the MLE and at calibration_reference.json's values, written to cox_mle_reference.json.
Usage: python3 make_cox_mle_reference.py (from anywhere; reads ../shared via the repository)."""
import csv
import json
import os
from decimal import Decimal as D, getcontext

import numpy as np

getcontext().prec = 50
here = os.path.dirname(os.path.abspath(__file__))
shared = os.path.join(here, "..", "..", "..", "..", "shared")
ref = json.load(open(os.path.join(shared, "reference", "predictions", "calibration_reference.json")))
rows = list(csv.DictReader(open(os.path.join(shared, "data", "predictions", "binary_overconfident.csv"))))


def score(z, y, c, s):
    """Gradient of the log-likelihood sum_i [y_i eta_i - ln(1 + e^eta_i)], eta = c + s z."""
    gc = gs = D(0)
    for zi, yi in zip(z, y):
        r = yi - 1 / (1 + (-(c + s * zi)).exp())
        gc += r
        gs += r * zi
    return gc, gs


def newton(z, y, c, s, fixed_slope):
    for _ in range(12):
        gc = gs = hcc = hcs = hss = D(0)
        for zi, yi in zip(z, y):
            p = 1 / (1 + (-(c + s * zi)).exp())
            r, v = yi - p, p * (1 - p)
            gc, gs, hcc, hcs, hss = gc + r, gs + r * zi, hcc + v, hcs + v * zi, hss + v * zi * zi
        if fixed_slope:
            c += gc / hcc
        else:
            det = hcc * hss - hcs * hcs
            c, s = c + (hss * gc - hcs * gs) / det, s + (hcc * gs - hcs * gc) / det
    return c, s


out = {"method": "Newton in 50-digit decimal arithmetic on float64 z = log(p) - log1p(-p)", "parts": {}}
for part, keep in [("all_4000", lambda r: True), ("test_2000_uncalibrated", lambda r: r["split"] == "1")]:
    sel = [r for r in rows if keep(r)]
    p = np.array([float(r["p1"]) for r in sel])
    zf = np.log(p) - np.log1p(-p)
    z = [D(float(v)) for v in zf]
    y = [D(int(r["y"])) for r in sel]
    c, s = newton(z, y, D(0), D(1), False)
    citl, _ = newton(z, y, D(0), D(1), True)
    cox = ref["sets"]["binary_overconfident"][part]["positive_class"]["cox_calibration"]
    gr = score(z, y, D(cox["intercept"]), D(cox["slope"]))
    gm = score(z, y, c, s)
    gl = score(z, y, D(cox["calibration_in_the_large"]), D(1))[0]
    out["parts"][part] = {
        "mle_intercept": float(c), "mle_slope": float(s), "mle_calibration_in_the_large": float(citl),
        "score_at_mle": [float(gm[0]), float(gm[1])],
        "score_at_reference": [float(gr[0]), float(gr[1])],
        "score_at_reference_calibration_in_the_large": float(gl),
        "reference_minus_mle": [cox["intercept"] - float(c), cox["slope"] - float(s),
                                cox["calibration_in_the_large"] - float(citl)],
    }
with open(os.path.join(here, "cox_mle_reference.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
