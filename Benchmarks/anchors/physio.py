# requires: neurokit2==0.2.13 heartpy==1.2.7 numpy==2.4.6 scipy==1.17.1 pandas==2.3.3 wfdb==4.3.1
"""Anchor for `affect-bench physio`: the same workload in NeuroKit2 and HeartPy.

MIT-BIH record 100 MLII (360 Hz) resampled to 250 Hz with scipy.signal.resample_poly(25, 36) and tiled
to --hours; NeuroKit2: ecg_process + hrv_time + hrv_frequency + hrv_nonlinear; HeartPy: hp.process
(time + frequency measures). Prints CPU (process_time) and wall seconds. Usage:
  python physio.py --hours 1 [--shared ../../shared] [--skip-nonlinear]
"""
import argparse
import os
import resource
import time
import warnings

import numpy as np
import scipy.signal

warnings.filterwarnings("ignore")
np.trapz = getattr(np, "trapz", np.trapezoid)  # HeartPy 1.2.7 calls np.trapz (removed in NumPy 2.4)

ap = argparse.ArgumentParser()
ap.add_argument("--hours", type=float, default=1.0)
ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
ap.add_argument("--skip-nonlinear", action="store_true")
ap.add_argument("--skip-heartpy", action="store_true")
a, _ = ap.parse_known_args()

import wfdb  # noqa: E402

rec = wfdb.rdrecord(os.path.join(a.shared, "data/physio/mitdb100/100"), channels=[0])
base = scipy.signal.resample_poly(rec.p_signal[:, 0], 25, 36)
n = int(a.hours * 3600 * 250)
x = np.resize(base, n)


def timed(f):
    c0, w0 = time.process_time(), time.perf_counter()
    out = f()
    return out, time.process_time() - c0, time.perf_counter() - w0


import neurokit2 as nk  # noqa: E402

(sig, info), c1, w1 = timed(lambda: nk.ecg_process(x, sampling_rate=250))
peaks = info["ECG_R_Peaks"]
(t, f), c2, w2 = timed(lambda: (nk.hrv_time(peaks, sampling_rate=250), nk.hrv_frequency(peaks, sampling_rate=250)))
line = f"| NeuroKit2 0.2.13 | {a.hours} h ECG @ 250 Hz | ecg_process CPU {c1:.1f} s | time+freq HRV CPU {c2:.1f} s"
if not a.skip_nonlinear:
    _, c3, w3 = timed(lambda: nk.hrv_nonlinear(peaks, sampling_rate=250))
    line += f" | nonlinear CPU {c3:.1f} s | total CPU {c1 + c2 + c3:.1f} s"
else:
    line += f" | total (no nonlinear) CPU {c1 + c2:.1f} s"
line += f" | {len(peaks)} beats | RMSSD {t['HRV_RMSSD'][0]:.2f} ms | peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB |"
print(line)

if not a.skip_heartpy:
    import heartpy as hp  # noqa: E402

    (wd, m), c4, w4 = timed(lambda: hp.process(x, 250.0, calc_freq=True))
    print(f"| HeartPy 1.2.7 | {a.hours} h ECG @ 250 Hz | hp.process(calc_freq=True) | CPU {c4:.1f} s | wall {w4:.1f} s | RMSSD {m['rmssd']:.2f} ms |")
