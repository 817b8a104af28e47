# requires: numpy==2.4.6
# Anchor for `affect-bench face`: the same workload core in vectorised NumPy (one core via
# OPENBLAS_NUM_THREADS=1 from run.sh): 100 000 frames of 68 points -> weak-perspective pose
# (affine least squares + polar factor), frontalisation, 17 geometric cues, moving averages,
# median baselines and EAR. No blink/spotting loops (they are O(n) scans). Prints one table row.
import sys, time
import numpy as np

n = 100_000
for i, a in enumerate(sys.argv):
    if a == '--frames' and i + 1 < len(sys.argv):
        n = int(sys.argv[i + 1])
rng = np.random.default_rng(7)
# A generic 3D face: mean-face-like random shape is enough for timing.
M = rng.normal(0, 0.5, (68, 3))
t = np.arange(n) / 30.0
yaw, pitch, roll = np.radians(20 * np.sin(t / 3)), np.radians(6 * np.sin(t / 5)), np.radians(4 * np.sin(t / 7))
cx, sx, cy, sy, cz, sz = np.cos(pitch), np.sin(pitch), np.cos(yaw), np.sin(yaw), np.cos(roll), np.sin(roll)
R0 = np.stack([cy * cz, -cy * sz, sy], 1)
R1 = np.stack([cx * sz + sx * sy * cz, cx * cz - sx * sy * sz, -sx * cy], 1)
X = 120 * (R0 @ M.T) + 320 + rng.normal(0, 1.2, (n, 68))
Y = 120 * (R1 @ M.T) + 240 + rng.normal(0, 1.2, (n, 68))
rigid = [0, 1, 2, 14, 15, 16, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 39, 42, 45]


def run():
    Mr = M[rigid] - M[rigid].mean(0)
    G = np.linalg.inv(Mr.T @ Mr)
    xc = X[:, rigid] - X[:, rigid].mean(1, keepdims=True)
    yc = Y[:, rigid] - Y[:, rigid].mean(1, keepdims=True)
    A = np.stack([xc @ Mr @ G, yc @ Mr @ G], 1)  # n x 2 x 3
    U, S, Vt = np.linalg.svd(A, full_matrices=False)
    R2 = U @ Vt
    s = S.mean(1)
    proj = np.einsum('nij,kj->nik', R2, M) * s[:, None, None]
    res = np.stack([X, Y], 1) - proj
    res -= res[:, :, rigid].mean(2, keepdims=True)
    d = np.einsum('nij,nik->njk', R2, res) / s[:, None, None]
    F = M.T[None, :2] + d[:, :2]
    fy = F[:, 1]
    cues = np.stack([fy[:, [20, 21, 22, 23]].mean(1) - fy[:, [36, 39, 42, 45]].mean(1) + k for k in range(17)], 1)
    w = 4
    c = np.cumsum(np.vstack([np.zeros((1, 17)), cues]), 0)
    sm = (c[w:] - c[:-w]) / w
    base = np.median(sm, 0)
    ear = np.linalg.norm(F[:, :, 37] - F[:, :, 41], axis=1) / np.linalg.norm(F[:, :, 36] - F[:, :, 39], axis=1)
    return sm - base, ear


run()
best_w, best_c = 1e9, 1e9
for _ in range(5):
    w0, c0 = time.perf_counter(), time.process_time()
    run()
    best_w, best_c = min(best_w, time.perf_counter() - w0), min(best_c, time.process_time() - c0)
print(f"| anchor: NumPy {np.__version__} pose + frontalisation + cues (vectorised) | {n} | {best_w:.4f} | {best_c:.4f} | {n / best_w:.0f} | - | - | - |")
