# requires: opensmile==2.6.0 praat-parselmouth==0.4.7 numpy==2.4.6
"""Anchor for `affect-bench prosody`: the two tools the prosody stage replaces, side by side on the
same 600 s of 16 kHz speech (the shipped real speech files in MANIFEST.csv order, concatenated,
repeated, truncated; the same samples as the Swift case and anchors/praat.py).

Rows: openSMILE 3.0.1 eGeMAPSv02 functionals (opensmile 2.6.0, `process_signal`), Praat 6.1.38
(parselmouth 0.4.7) pitch (ac) + point process (cc) + jitter (5) + shimmer (6), and their sum (the
work the whole stage does). CPU seconds of this process (time.process_time), best of --repeats after
one warm-up, one core. Usage: python anchors/prosody.py [--seconds 600] [--repeats 3] [--shared DIR]
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import opensmile  # noqa: E402
import parselmouth  # noqa: E402
from praat import pitch_jitter_shimmer, shared_folder, speech  # noqa: E402


def best(fn, repeats):
    fn()
    bw, bc = float("inf"), float("inf")
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        bc = min(bc, time.process_time() - c0)
        bw = min(bw, time.perf_counter() - w0)
    return bw, bc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--shared", default=None)
    a = ap.parse_args()
    x = speech(a.seconds, shared_folder(a.shared))
    inp = "%d s speech, 16 kHz" % int(a.seconds)
    smile = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02,
                            feature_level=opensmile.FeatureLevel.Functionals)
    w1, c1 = best(lambda: smile.process_signal(x, 16000), a.repeats)
    print("| openSMILE 3.0.1 eGeMAPSv02 functionals (opensmile 2.6.0) | %s | %.3f | %.3f | |" % (inp, w1, c1))
    snd = parselmouth.Sound(x, sampling_frequency=16000.0)
    w2, c2 = best(lambda: pitch_jitter_shimmer(snd), a.repeats)
    print("| Praat 6.1.38 (parselmouth 0.4.7) pitch (ac) + PointProcess (cc) + jitter + shimmer | %s | %.3f | %.3f | |"
          % (inp, w2, c2))
    print("| openSMILE eGeMAPS + Praat pitch/jitter/shimmer (sum of the rows above) | %s | %.3f | %.3f | |"
          % (inp, w1 + w2, c1 + c2))


if __name__ == "__main__":
    main()
