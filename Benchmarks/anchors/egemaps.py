# requires: opensmile==2.6.0
"""Anchor for `affect-bench egemaps`: openSMILE 3.0.1 eGeMAPSv02 (functionals, which computes all
LLDs) on the same WAV the Swift case wrote (--wav PATH), one core, best of 3 CPU seconds."""
import argparse
import resource
import time

ap = argparse.ArgumentParser()
ap.add_argument("--wav", default="/tmp/affect-bench-egemaps.wav")
ap.add_argument("--seconds", type=float, default=600)
ap.add_argument("--shared", default="../../shared")
ap.add_argument("--compare", help="DIR of our functionals (affect-bench egemaps --functionals-dir DIR): "
                "print across-file Pearson r vs the committed openSMILE reference and exit")
a = ap.parse_args()

if a.compare:
    import json
    import math
    import os

    import numpy as np

    ref_dir = os.path.join(a.shared, "reference/speech")
    ids = sorted(d for d in os.listdir(ref_dir) if os.path.isdir(os.path.join(ref_dir, d)))
    refs = [json.load(open(os.path.join(ref_dir, i, "opensmile_egemaps_v02_functionals.json"))) for i in ids]
    ours = [json.load(open(os.path.join(a.compare, i + ".json"))) for i in ids]
    print("| functional | r | files |")
    print("| --- | --- | --- |")
    for name in refs[0]:
        x = np.array([o[name] for o in ours], dtype=float)
        y = np.array([r[name] for r in refs], dtype=float)
        m = np.isfinite(x) & np.isfinite(y)
        r = np.corrcoef(x[m], y[m])[0, 1] if m.sum() > 2 else math.nan
        print(f"| {name} | {r:.3f} | {m.sum()} |")
    raise SystemExit(0)

import opensmile  # noqa: E402  (only the timing needs it)

smile = opensmile.Smile(
    feature_set=opensmile.FeatureSet.eGeMAPSv02, feature_level=opensmile.FeatureLevel.Functionals
)
smile.process_file(a.wav)  # warm-up
best_cpu, best_wall = float("inf"), float("inf")
for _ in range(3):
    w0, c0 = time.perf_counter(), time.process_time()
    smile.process_file(a.wav)
    best_cpu = min(best_cpu, time.process_time() - c0)
    best_wall = min(best_wall, time.perf_counter() - w0)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"| openSMILE 3.0.1 eGeMAPSv02 functionals (opensmile 2.6.0) | {a.seconds:.0f} s 16 kHz speech | "
      f"{best_wall:.3f} | {best_cpu:.3f} | {rss:.0f} |")
