"""Sample-level reference for AudioIO: reads every WAV in ../shared/data/speech with scipy.io.wavfile,
normalises integer PCM by 2**(bits-1) (libsndfile's and soundfile's float64 convention) and records
rate, channels, frames and the SHA-256 of the little-endian float64 samples (interleaved).
Run: python3 Tests/AudioIOTests/Reference/make_reference.py (from the repository root)."""
import hashlib
import json
import pathlib

import numpy as np
from scipy.io import wavfile

root = pathlib.Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "speech"
out = []
for sub in ("wav16k", "original"):
    for p in sorted((root / sub).glob("*.wav")):
        rate, data = wavfile.read(p)
        if data.dtype == np.int16:
            x = data.astype(np.float64) / 32768.0
        elif data.dtype == np.int32:
            x = data.astype(np.float64) / 2147483648.0
        elif data.dtype == np.uint8:
            x = (data.astype(np.float64) - 128.0) / 128.0
        else:
            x = data.astype(np.float64)
        channels = 1 if x.ndim == 1 else x.shape[1]
        out.append({"file": f"{sub}/{p.name}", "rate": int(rate), "channels": channels, "frames": int(x.shape[0]),
                    "dtype": str(data.dtype), "sha256_f64le": hashlib.sha256(x.astype("<f8").tobytes()).hexdigest(),
                    "sum": float(x.sum())})
# Analysis-rate resampling reference: scipy.signal.resample_poly of the 48 kHz and 8 kHz originals
# to 16 kHz, every 10th output sample (the Swift test compares them to 1e-12).
from scipy.signal import resample_poly

resampled = {}
for name in ("alsa_Front_Center_48k.wav", "codec2_hts1_8k.wav"):
    rate, data = wavfile.read(root / "original" / name)
    y = resample_poly(data.astype(np.float64) / 32768.0, 16000, rate)
    resampled[name] = {"rate": int(rate), "count": int(y.size), "every10": y[::10].tolist()}
pathlib.Path(__file__).with_name("resampled_16k.json").write_text(json.dumps(resampled))

path = pathlib.Path(__file__).with_name("speech_samples.json")
path.write_text(json.dumps(out, indent=1))
print("wrote", len(out), "files to", path)
