# requires: python>=3.8 (standard library only)
"""Copies the reference HRV values of MIT-BIH record 100 used by Experiments/mitdb100-hrv.yaml
from the shared reference tree (/work/shared/reference/physio/ecg, produced by NeuroKit2 0.2.13 and
the shared scripts described in its README-source.md) into small affect.reference.v1 files.

Run from this directory:  python3 extract_reference.py /work/shared/reference/physio/ecg
Deterministic: re-running on the same inputs rewrites the same bytes.
"""
import json
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference/physio/ecg"

# The HRV indices our physio stage computes (HRV.featureNames, NeuroKit2 names). NeuroKit2 also
# reports MFDFA, FuzzyEn, MSEn/CMSEn/RCMSEn, CD, HFD, KFD, LZC and symbolic dynamics, which the
# stage does not compute; they are left out.
OURS = [
    "HRV_MeanNN", "HRV_SDNN", "HRV_SDANN1", "HRV_SDNNI1", "HRV_SDANN2", "HRV_SDNNI2", "HRV_SDANN5",
    "HRV_SDNNI5", "HRV_RMSSD", "HRV_SDSD", "HRV_CVNN", "HRV_CVSD", "HRV_MedianNN", "HRV_MadNN",
    "HRV_MCVNN", "HRV_IQRNN", "HRV_SDRMSSD", "HRV_Prc20NN", "HRV_Prc80NN", "HRV_pNN50", "HRV_pNN20",
    "HRV_MinNN", "HRV_MaxNN", "HRV_HTI", "HRV_TINN", "HRV_ULF", "HRV_VLF", "HRV_LF", "HRV_HF",
    "HRV_VHF", "HRV_TP", "HRV_LFHF", "HRV_LFn", "HRV_HFn", "HRV_LnHF", "HRV_SD1", "HRV_SD2",
    "HRV_SD1SD2", "HRV_S", "HRV_CSI", "HRV_CVI", "HRV_CSI_Modified", "HRV_GI", "HRV_SI", "HRV_AI",
    "HRV_PI", "HRV_C1d", "HRV_C1a", "HRV_SD1d", "HRV_SD1a", "HRV_C2d", "HRV_C2a", "HRV_SD2d",
    "HRV_SD2a", "HRV_Cd", "HRV_Ca", "HRV_SDNNd", "HRV_SDNNa", "HRV_PIP", "HRV_IALS", "HRV_PSS",
    "HRV_PAS", "HRV_DFA_alpha1", "HRV_DFA_alpha2", "HRV_ApEn", "HRV_SampEn", "HRV_ShanEn",
]


def neurokit(fname):
    nk = json.load(open(f"{src}/{fname}"))["neurokit2"]
    merged = {}
    # Band powers in ms^2 from hrv_frequency(normalize=False) (README-source.md: "freq_welch_abs").
    for section in ("time", "freq_welch_abs", "nonlinear"):
        merged.update(nk[section])
    return {k: merged[k] for k in OURS}


def write(name, tool, origin, values):
    doc = {
        "schema": "affect.reference.v1",
        "tool": tool,
        "origin": origin,
        "recordings": {"mitdb100": values},
    }
    with open(name, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


write(
    "neurokit2-default-peaks.json",
    "NeuroKit2 0.2.13 end to end: nk.ecg_process default R-peaks on lead MLII (360 Hz), then nk.hrv defaults (no artefact correction)",
    "copied from /work/shared/reference/physio/ecg/mitdb100__hrv_raw__nk_ecg_process_default_peaks.json, "
    "neurokit2.time + neurokit2.freq_welch_abs (band powers in ms^2) + neurokit2.nonlinear, the 67 indices our physio stage computes "
    "(by Datasets/physio/mitdb100/reference/extract_reference.py)",
    neurokit("mitdb100__hrv_raw__nk_ecg_process_default_peaks.json"),
)
write(
    "neurokit2-annotated-beats.json",
    "NeuroKit2 0.2.13 nk.hrv defaults on the 2273 cardiologist-annotated beats of 100.atr (all beat labels, no artefact correction)",
    "copied from /work/shared/reference/physio/ecg/mitdb100__hrv_raw__reference_annotations_all_beats.json, "
    "neurokit2.time + neurokit2.freq_welch_abs (band powers in ms^2) + neurokit2.nonlinear, the 67 indices our physio stage computes "
    "(by Datasets/physio/mitdb100/reference/extract_reference.py)",
    neurokit("mitdb100__hrv_raw__reference_annotations_all_beats.json"),
)
ann = json.load(open(f"{src}/mitdb100_reference_annotation_hrv.json"))["all_RR"]
write(
    "annotation-time-domain.json",
    "toolbox-independent time-domain HRV of the 2272 intervals between consecutive annotated beats of 100.atr (numpy; SDNN/SDSD with ddof 1, pNNx over successive differences)",
    "copied from /work/shared/reference/physio/ecg/mitdb100_reference_annotation_hrv.json, all_RR "
    "(MeanNN_ms -> HRV_MeanNN, SDNN_ms_ddof1 -> HRV_SDNN, RMSSD_ms -> HRV_RMSSD, SDSD_ms_ddof1 -> HRV_SDSD, "
    "pNN50_pct_over_differences -> HRV_pNN50, pNN20_pct_over_differences -> HRV_pNN20) "
    "(by Datasets/physio/mitdb100/reference/extract_reference.py)",
    {
        "HRV_MeanNN": ann["MeanNN_ms"],
        "HRV_SDNN": ann["SDNN_ms_ddof1"],
        "HRV_RMSSD": ann["RMSSD_ms"],
        "HRV_SDSD": ann["SDSD_ms_ddof1"],
        "HRV_pNN50": ann["pNN50_pct_over_differences"],
        "HRV_pNN20": ann["pNN20_pct_over_differences"],
    },
)
