# requires: praat-parselmouth==0.4.7 numpy==2.4.6
"""Anchor for `affect-bench praat`: Praat 6.1.38 (parselmouth) on the same 600 s of 16 kHz speech
(the shipped real speech files in MANIFEST.csv order, concatenated, repeated, truncated).

Rows: pitch (ac) + point process (cc) + jitter (5) + shimmer (6) — the "Praat pitch + jitter +
shimmer" anchor of issue 3 — and the same plus HNR (cc), intensity and Burg formants (the full
counterpart of AffectWorkbench's praat_ set). Parameters as in ../shared/reference/speech/PARAMS.json.
CPU seconds of this process (time.process_time), best of --repeats after one warm-up, one core.
Usage: python anchors/praat.py [--seconds 600] [--repeats 3] [--shared DIR]
"""
import argparse
import csv
import os
import time
import wave

import numpy as np
import parselmouth
from parselmouth.praat import call


def shared_folder(given):
    if given:
        return given
    if os.environ.get("AFFECT_SHARED"):
        return os.environ["AFFECT_SHARED"]
    for c in ("../../shared", "../shared"):
        if os.path.isdir(os.path.join(c, "data/speech")):
            return c
    return "../shared"


def speech(seconds, shared):
    pieces = []
    with open(os.path.join(shared, "data/speech/MANIFEST.csv")) as f:
        for row in csv.DictReader(f):
            if row["kind"] != "real_speech":
                continue
            with wave.open(os.path.join(shared, "data/speech/wav16k", row["id"] + ".wav")) as w:
                assert w.getframerate() == 16000 and w.getsampwidth() == 2 and w.getnchannels() == 1
                pieces.append(np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0)
    n = int(seconds * 16000)
    out = []
    total = 0
    while total < n:
        for p in pieces:
            if total >= n:
                break
            take = p[: n - total]
            out.append(take)
            total += len(take)
    return np.concatenate(out)


def pitch_jitter_shimmer(snd):
    pitch = snd.to_pitch_ac(time_step=0.01, pitch_floor=75, max_number_of_candidates=15, very_accurate=False,
                            silence_threshold=0.03, voicing_threshold=0.45, octave_cost=0.01,
                            octave_jump_cost=0.35, voiced_unvoiced_cost=0.14, pitch_ceiling=600)
    pp = call([snd, pitch], "To PointProcess (cc)")
    out = {"f0_mean": call(pitch, "Get mean", 0, 0, "Hertz")}
    for m in ("local", "local, absolute", "rap", "ppq5", "ddp"):
        out["jitter " + m] = call(pp, "Get jitter (" + m + ")", 0, 0, 0.0001, 0.02, 1.3)
    for m in ("local", "local_dB", "apq3", "apq5", "apq11", "dda"):
        out["shimmer " + m] = call([snd, pp], "Get shimmer (" + m + ")", 0, 0, 0.0001, 0.02, 1.3, 1.6)
    return pitch, out


def full(snd):
    pitch, out = pitch_jitter_shimmer(snd)
    hnr = snd.to_harmonicity_cc(time_step=0.01, minimum_pitch=75, silence_threshold=0.1, periods_per_window=1.0)
    out["hnr"] = call(hnr, "Get mean", 0, 0)
    inten = snd.to_intensity(minimum_pitch=75, time_step=0.01, subtract_mean=True)
    out["intensity"] = call(inten, "Get mean", 0, 0, "energy")
    formant = snd.to_formant_burg(time_step=0.01, max_number_of_formants=5, maximum_formant=5500,
                                  window_length=0.025, pre_emphasis_from=50)
    for k in (1, 2, 3):
        # timing anchor: mean over all frames (the voiced-frame average of the tests is a Python loop
        # over frames that would time Python, not Praat)
        out["F%d" % k] = call(formant, "Get mean", k, 0, 0, "hertz")
    return out


def best(fn, repeats):
    fn()
    bw, bc = float("inf"), float("inf")
    result = None
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        bc = min(bc, time.process_time() - c0)
        bw = min(bw, time.perf_counter() - w0)
    return bw, bc, result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--shared", default=None)
    a = ap.parse_args()
    x = speech(a.seconds, shared_folder(a.shared))
    snd = parselmouth.Sound(x, sampling_frequency=16000.0)
    inp = "%d s speech, 16 kHz" % int(a.seconds)
    w1, c1, r1 = best(lambda: pitch_jitter_shimmer(snd)[1], a.repeats)
    print("| Praat 6.1.38 (parselmouth 0.4.7) pitch (ac) + PointProcess (cc) + jitter + shimmer | %s | %.3f | %.3f | |"
          % (inp, w1, c1))
    w2, c2, r2 = best(lambda: full(snd), a.repeats)
    print("| Praat 6.1.38 (parselmouth 0.4.7) same + HNR (cc) + intensity + Burg formants | %s | %.3f | %.3f | |"
          % (inp, w2, c2))
    import sys
    sys.stderr.write("praat values: " + " ".join("%s=%.5g" % kv for kv in r2.items()) + "\n")


if __name__ == "__main__":
    main()
