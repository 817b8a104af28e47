#!/usr/bin/env bash
# Quickstart on the synthetic corpus at several sizes and seeds (README "Corpus size").
# Usage: Datasets/synthetic/size_sweep.sh OUTDIR [SUBJECTS...]   (default sizes: 8 10 12 14 16)
# Needs the release binary (swift build -c release --product affect). Runs one after another;
# each writes OUTDIR/s<subjects>-seed<seed>/<run>/metrics.json and OUTDIR/s<subjects>-seed<seed>.time
# (user + sys CPU and wall from /usr/bin/time). Then: python3 Datasets/synthetic/size_table.py OUTDIR S
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$1"
shift
sizes=("${@:-8 10 12 14 16}")
mkdir -p "$out"
for s in ${sizes[@]}; do
  for seed in 20261123 1 2; do
    n="s$s-seed$seed"
    sed -e "s/^seed: .*/seed: $seed/" -e "s/^subjects: .*/subjects: $s/" Datasets/synthetic/default.yaml >"$out/$n.yaml"
    rm -rf "${out:?}/$n"
    /usr/bin/time -f "%U user + %S sys s CPU, %e s wall" -o "$out/$n.time" \
      .build/release/affect run Experiments/quickstart.yaml --out "$out/$n" "dataset.synthetic=$out/$n.yaml" \
      >"$out/$n.stdout" 2>"$out/$n.stderr"
  done
done
