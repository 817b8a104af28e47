#!/usr/bin/env bash
# Runs one benchmark case: the Swift side (release, one core) and, where present, its Python anchor
# (Benchmarks/anchors/CASE.py, run in a throwaway venv at Benchmarks/.venv with the pinned
# packages listed at the top of that script). Usage: Benchmarks/run.sh CASE [args...]
set -euo pipefail
cd "$(dirname "$0")"
case_name="$1"; shift || true
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# SwiftPM does not notice new files behind the symlinked path dependency; drop the cached plan.
rm -f .build/release.yaml
swift build -c release --product affect-bench >&2
taskset -c 0 "$(swift build -c release --show-bin-path)/affect-bench" "$case_name" "$@"
if [ -f "anchors/$case_name.py" ]; then
  if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
  reqs=$(sed -n 's/^# requires: //p' "anchors/$case_name.py")
  [ -z "$reqs" ] || .venv/bin/pip install -q $reqs >&2
  taskset -c 0 .venv/bin/python "anchors/$case_name.py" "$@"
fi
