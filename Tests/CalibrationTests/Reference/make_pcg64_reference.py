# requires: numpy==2.4.6
"""Reference values for NumPyPCG64 (Sources/Calibration/NumPyPCG64.swift): numpy's
default_rng(seed) = Generator(PCG64(SeedSequence(seed))) raw outputs, 32-bit outputs and
Generator.integers(0, n, size=k) (int64) draws, written to pcg64_reference.json next to this file.
Usage: python3 make_pcg64_reference.py  (numpy 2.4.6; values are stable across numpy >= 1.17)."""
import json
import os

import numpy as np

out = {"numpy": np.__version__, "cases": []}
for seed in [12345, 0, 1, 2**64 - 1, 2**70 + 3]:
    ss = np.random.SeedSequence(seed)
    bg = np.random.PCG64(seed)
    st = bg.state["state"]
    out["cases"].append({
        "seed": str(seed),
        "pool": [int(v) for v in ss.pool],
        "generate_state_u64": [str(int(v)) for v in ss.generate_state(4, np.uint64)],
        "initial_state": str(st["state"]), "initial_inc": str(st["inc"]),
        "raw": [str(int(v)) for v in bg.random_raw(20)],
    })
g = np.random.default_rng(12345)
out["integers_4000_first50"] = [int(v) for v in g.integers(0, 4000, 4000)[:50]]
g = np.random.default_rng(12345)
a = g.integers(0, 4000, 3)
b = g.integers(0, 2000, 3)  # the second call starts on the buffered upper 32 bits
out["integers_4000x3_then_2000x3"] = [int(v) for v in a] + [int(v) for v in b]
g = np.random.default_rng(7)
out["integers_3e9_seed7_first20"] = [int(v) for v in g.integers(0, 3_000_000_000, 20)]  # frequent rejections
g = np.random.default_rng(7)
out["integers_2pow40_seed7_first10"] = [int(v) for v in g.integers(0, 2**40, 10)]  # 64-bit Lemire path
g = np.random.default_rng(7)
out["integers_2pow32_seed7_first10"] = [int(v) for v in g.integers(0, 2**32, 10)]  # plain 32-bit draws
g = np.random.default_rng(7)
out["integers_1_seed7_then_raw"] = [int(v) for v in g.integers(0, 1, 5)] + [str(int(g.bit_generator.random_raw()))]
# The bootstrap stream of calibration_reference.json: 1000 replicates of integers(0, n, n).
for n in [4000, 2000]:
    g = np.random.default_rng(12345)
    sums = [int(g.integers(0, n, n).sum()) for _ in range(1000)]
    out[f"bootstrap_{n}_index_sums_first5_last5"] = sums[:5] + sums[-5:]
    out[f"bootstrap_{n}_next_raw"] = str(int(g.bit_generator.random_raw()))
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pcg64_reference.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
