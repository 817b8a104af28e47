# requires: numpy==2.4.6 scipy==1.17.1
"""numpy/scipy anchor for the STFT case: the same frames (400-sample periodic Hann, hop 160,
nfft 512) of the WAV written by `affect-bench stft`, timed best of 5 on one core (run.sh pins with taskset)."""
import sys
import time
import wave

import numpy as np
import scipy.signal as ss

path = "/tmp/affect-bench-speech-16k.wav"
for i, a in enumerate(sys.argv):
    if a == "--input":
        path = sys.argv[i + 1]
with wave.open(path) as w:
    x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0

win = ss.get_window("hann", 400)


def numpy_stft():
    frames = np.lib.stride_tricks.sliding_window_view(x, 400)[::160]
    spec = np.fft.rfft(frames * win, n=512, axis=1)
    return spec.real**2 + spec.imag**2


def scipy_stft():
    _, _, z = ss.stft(x, nperseg=400, noverlap=240, nfft=512, window=win, boundary=None, padded=False,
                      detrend=False, return_onesided=True, scaling="spectrum")
    return z


def best(f):
    f()
    walls, cpus = [], []
    for _ in range(5):
        w0, c0 = time.perf_counter(), time.process_time()
        out = f()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus), out


w, c, p = best(numpy_stft)
print(f"| STFT {len(x) / 16000:.0f} s @16 kHz | numpy {np.__version__} rfft on strided frames | {p.shape[0]} | {w:.4f} | {c:.4f} | {p.sum():.10e} |")
w2, c2, _ = best(scipy_stft)
print(f"| STFT {len(x) / 16000:.0f} s @16 kHz | scipy {__import__('scipy').__version__} signal.stft | {p.shape[0]} | {w2:.4f} | {c2:.4f} | (complex, same frames) |")
