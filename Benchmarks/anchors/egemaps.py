# requires: opensmile==2.6.0
"""Anchor for `affect-bench egemaps`: openSMILE 3.0.1 eGeMAPSv02 (functionals, which computes all
LLDs) on the same WAV the Swift case wrote (--wav PATH), one core, best of 3 CPU seconds."""
import argparse
import resource
import time

import opensmile

ap = argparse.ArgumentParser()
ap.add_argument("--wav", default="/tmp/affect-bench-egemaps.wav")
ap.add_argument("--seconds", type=float, default=600)
ap.add_argument("--shared", default="../../shared")
a = ap.parse_args()

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
