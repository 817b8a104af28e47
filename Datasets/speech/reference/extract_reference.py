# requires: python>=3.8 (standard library only)
"""Copies the Praat and openSMILE reference values of the shipped speech files, used by
Experiments/speech-prosody.yaml, from the shared reference tree (/work/shared/reference/speech,
produced on this machine by praat-parselmouth 0.4.7 = Praat 6.1.38 and opensmile-python 2.6.0 =
openSMILE 3.0.1 on the 16 kHz copies in /work/shared/data/speech/wav16k; calls in its PARAMS.json)
into two small affect.reference.v1 files keyed by the recording ids of ../manifest.yaml.

Run from this directory:  python3 extract_reference.py /work/shared/reference/speech
Deterministic: re-running on the same inputs rewrites the same bytes.
"""
import json
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference/speech"

# recording id in ../manifest.yaml -> reference folder (the utterance the values were computed on)
RECORDINGS = {
    "alsa_Front_Center_48k": "alsa_Front_Center",
    "alsa_Front_Center_16k": "alsa_Front_Center",
    "codec2_big_dog": "codec2_big_dog",
    "arctic_slt_a0009": "arctic_slt_a0009",
}

# our praat_ feature -> praat_summary.json field (Praat's voice-report measures; PARAMS.json)
PRAAT = {
    "praat_f0_mean_hz": "f0_mean_hz",
    "praat_f0_median_hz": "f0_median_hz",
    "praat_f0_sd_hz": "f0_sd_hz",
    "praat_voiced_fraction": "voiced_fraction",
    "praat_jitter_local": "jitter_local",
    "praat_jitter_rap": "jitter_rap",
    "praat_jitter_ppq5": "jitter_ppq5",
    "praat_shimmer_local": "shimmer_local",
    "praat_shimmer_local_db": "shimmer_local_dB",
    "praat_shimmer_apq3": "shimmer_apq3",
    "praat_hnr_cc_db": "hnr_cc_mean_dB",
    "praat_intensity_mean_db": "intensity_mean_energy_dB",
    "praat_f1_mean_hz": "F1_mean_hz_voiced",
    "praat_f2_mean_hz": "F2_mean_hz_voiced",
    "praat_f3_mean_hz": "F3_mean_hz_voiced",
}

praat = {}
egemaps = {}
for rid, folder in RECORDINGS.items():
    s = json.load(open(f"{src}/{folder}/praat_summary.json"))
    praat[rid] = {ours: s[theirs] for ours, theirs in PRAAT.items()}
    egemaps[rid] = json.load(open(f"{src}/{folder}/opensmile_egemaps_v02_functionals.json"))


def write(name, tool, origin, recordings):
    doc = {"schema": "affect.reference.v1", "tool": tool, "origin": origin, "recordings": recordings}
    with open(name, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


write(
    "praat.json",
    "Praat 6.1.38 via praat-parselmouth 0.4.7: To Pitch (ac) defaults with 10 ms step, To PointProcess (cc), "
    "jitter/shimmer (0, 0, 0.0001, 0.02, 1.3[, 1.6]), To Harmonicity (cc) mean, intensity energy mean, Burg formants over voiced frames",
    "copied from /work/shared/reference/speech/<utterance>/praat_summary.json (fields mapped to praat_ names in "
    "Datasets/speech/reference/extract_reference.py); computed on the 16 kHz copies in /work/shared/data/speech/wav16k",
    praat,
)
write(
    "opensmile-egemaps.json",
    "openSMILE 3.0.1 (opensmile-python 2.6.0) eGeMAPSv02 Functionals, the 88 features with openSMILE's names",
    "copied unchanged from /work/shared/reference/speech/<utterance>/opensmile_egemaps_v02_functionals.json "
    "(by Datasets/speech/reference/extract_reference.py); computed on the 16 kHz copies in /work/shared/data/speech/wav16k",
    egemaps,
)
