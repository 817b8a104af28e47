"""Reference vectors for the SignalCore tests, computed with SciPy.

Run once (python3 Tests/SignalCoreTests/Reference/make_reference.py) and commit the JSON beside it.
The Swift tests read scipy_reference.json; they never run Python. Inputs are stored in the JSON so
the tests do not depend on numpy's random generator.
"""
import json
import pathlib

import numpy as np
import scipy
import scipy.signal as ss
from scipy.interpolate import CubicSpline, PchipInterpolator

rng = np.random.default_rng(20261123)
fs = 250.0
t = np.arange(2000) / fs
x = (np.sin(2 * np.pi * 1.3 * t) + 0.5 * np.sin(2 * np.pi * 17 * t) + 0.3 * np.sin(2 * np.pi * 50 * t)
     + 0.2 * rng.standard_normal(t.size) + 0.4)
out = {"scipy_version": scipy.__version__, "numpy_version": np.__version__, "fs": fs, "x": x.tolist()}

designs = [
    ("lowpass", 4, [8.0]), ("lowpass", 5, [40.0]), ("highpass", 5, [0.5]), ("highpass", 2, [3.0]),
    ("bandpass", 3, [0.5, 8.0]), ("bandpass", 2, [5.0, 15.0]), ("bandstop", 2, [45.0, 55.0]),
]
out["butter"] = []
for btype, order, wn in designs:
    b, a = ss.butter(order, wn if len(wn) > 1 else wn[0], btype=btype, fs=fs)
    sos = ss.butter(order, wn if len(wn) > 1 else wn[0], btype=btype, fs=fs, output="sos")
    y = ss.sosfiltfilt(sos, x)
    yc = ss.sosfilt(sos, x)
    out["butter"].append({"btype": btype, "order": order, "wn": wn, "b": b.tolist(), "a": a.tolist(),
                          "sos": sos.tolist(), "sosfiltfilt": y.tolist(), "sosfilt": yc.tolist()})

b, a = ss.iirnotch(50.0, 30.0, fs=fs)
out["notch"] = {"f0": 50.0, "Q": 30.0, "b": b.tolist(), "a": a.tolist(), "filtfilt": ss.filtfilt(b, a, x).tolist()}

peak_cases = [
    {},
    {"height": 0.8},
    {"distance": 40},
    {"prominence": 0.5},
    {"prominence": 0.3, "wlen": 61},
    {"height": 0.2, "distance": 25, "prominence": 0.4, "width": 3},
    {"threshold": 0.05},
]
xs = ss.sosfiltfilt(ss.butter(4, 8.0, fs=fs, output="sos"), x)
out["peaks_input"] = xs.tolist()
out["peaks"] = []
for case in peak_cases:
    idx, props = ss.find_peaks(xs, **case)
    rec = {"criteria": case, "indices": idx.tolist()}
    for k in ("prominences", "left_bases", "right_bases", "widths", "width_heights", "left_ips", "right_ips"):
        if k in props:
            rec[k] = props[k].tolist()
    out["peaks"].append(rec)
# plateau handling
plateau = [0, 1, 1, 1, 0, 2, 2, 0, 3, 3, 3, 3, 1, 5]
out["plateau"] = {"x": plateau, "indices": ss.find_peaks(plateau)[0].tolist()}

out["resample_poly"] = []
for up, down in [(2, 1), (1, 3), (160, 441), (4, 5), (3, 2)]:
    out["resample_poly"].append({"up": up, "down": down, "y": ss.resample_poly(x[:997], up, down).tolist()})

f, p = ss.welch(x, fs=fs, nperseg=256)
f2, p2 = ss.welch(x, fs=fs, nperseg=500, noverlap=250, nfft=1024, window="hann", average="median")
f3, p3 = ss.welch(x, fs=fs, nperseg=300, detrend="linear", window="hamming")
out["welch"] = [
    {"nperseg": 256, "noverlap": 128, "nfft": 256, "window": "hann", "average": "mean", "detrend": "constant",
     "f": f.tolist(), "p": p.tolist()},
    {"nperseg": 500, "noverlap": 250, "nfft": 1024, "window": "hann", "average": "median", "detrend": "constant",
     "f": f2.tolist(), "p": p2.tolist()},
    {"nperseg": 300, "noverlap": 150, "nfft": 300, "window": "hamming", "average": "mean", "detrend": "linear",
     "f": f3.tolist(), "p": p3.tolist()},
]

# Irregular sampling for Lomb-Scargle and interpolation (RR-like times).
tt = np.cumsum(0.8 + 0.1 * rng.standard_normal(300))
yy = np.sin(2 * np.pi * 0.1 * tt) + 0.5 * np.sin(2 * np.pi * 0.25 * tt) + 0.1 * rng.standard_normal(tt.size)
freqs = np.linspace(0.01, 0.5, 200)
out["lombscargle"] = {"t": tt.tolist(), "y": yy.tolist(), "f_hz": freqs.tolist(),
                      "power": ss.lombscargle(tt, yy, 2 * np.pi * freqs).tolist(),
                      "power_precenter": ss.lombscargle(tt, yy, 2 * np.pi * freqs, precenter=True).tolist(),
                      "power_normalize": ss.lombscargle(tt, yy, 2 * np.pi * freqs, normalize=True).tolist()}

tq = np.arange(tt[0], tt[-1], 0.25)
out["interp"] = {"t": tt.tolist(), "y": yy.tolist(), "tq": tq.tolist(),
                 "linear": np.interp(tq, tt, yy).tolist(),
                 "cubic_not_a_knot": CubicSpline(tt, yy).__call__(tq).tolist(),
                 "cubic_natural": CubicSpline(tt, yy, bc_type="natural")(tq).tolist(),
                 "pchip": PchipInterpolator(tt, yy)(tq).tolist()}

path = pathlib.Path(__file__).with_name("scipy_reference.json")
path.write_text(json.dumps(out))
print("wrote", path, path.stat().st_size, "bytes")
