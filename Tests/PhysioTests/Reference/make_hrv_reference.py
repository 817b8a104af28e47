# Generates nk_hrv_rr_series.json: NeuroKit2 0.2.13 hrv_time, hrv_nonlinear (selected indices) and
# hrv_frequency(normalize=False) on the shared RR/NN interval files (input as {"RRI": ms}).
# NaN is written as null.
# Run: /work/wt/venv-physio/bin/python make_hrv_reference.py   (neurokit2==0.2.13, numpy 2.4, scipy 1.17)
import json
import numpy as np
import pandas as pd
import neurokit2 as nk
from neurokit2.hrv.hrv_nonlinear import _hrv_nonlinear_poincare, _hrv_nonlinear_poincare_hra, _hrv_nonlinear_fragmentation, _hrv_dfa

D = "../../../../shared/data/physio/"
files = {
    "pyhrv_short": (D + "pyhrv/pyhrv_SampleNNISeriesShort.csv", "nni_ms"),
    "pyhrv_long": (D + "pyhrv/pyhrv_SampleNNISeriesLong.csv", "nni_ms"),
    "systole_rr": (D + "systole/systole_rr.csv", "rr_ms"),
    "biosppy_rri": (D + "biosppy/biosppy_rri.csv", "rri_ms"),
}
out = {"neurokit2": nk.__version__}
for name, (path, col) in files.items():
    rri = pd.read_csv(path)[col].to_numpy(dtype=float)
    peaks = {"RRI": rri}
    t = nk.hrv_time(peaks).iloc[0].to_dict()
    nl = {}
    _hrv_nonlinear_poincare(rri, out=nl)
    _hrv_nonlinear_poincare_hra(rri, out=nl)
    _hrv_nonlinear_fragmentation(rri, out=nl)
    _hrv_dfa(rri, nl)
    tol = 0.2 * np.std(rri, ddof=1)
    nl["ApEn"] = nk.entropy_approximate(rri, delay=1, dimension=2, tolerance=tol)[0]
    nl["SampEn"] = nk.entropy_sample(rri, delay=1, dimension=2, tolerance=tol)[0]
    nl["ShanEn"] = nk.entropy_shannon(rri)[0]
    nl = {"HRV_" + k: float(v) for k, v in nl.items() if not k.startswith("MFDFA")}
    f = nk.hrv_frequency(peaks, normalize=False).iloc[0].to_dict()
    out[name] = {"time": {k: float(v) for k, v in t.items()}, "nonlinear": nl,
                 "freq_welch_abs": {k: float(v) for k, v in f.items()}}
    print(name, len(rri), t["HRV_RMSSD"], nl["HRV_SampEn"])
def clean(o):
    if isinstance(o, dict):
        return {k: clean(v) for k, v in o.items()}
    return None if isinstance(o, float) and not np.isfinite(o) else o


json.dump(clean(out), open("nk_hrv_rr_series.json", "w"), indent=1, sort_keys=True)
