#!/usr/bin/env bash
# The test command: installs missing system packages, checks formatting, builds (debug) and runs
# every test. Tests read reference data from ../shared (or $AFFECT_SHARED).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-system.sh
echo "lint: swift format lint --strict" >&2
swift format lint --strict --recursive Sources Tests Package.swift Benchmarks/Sources Benchmarks/Package.swift
export OPENBLAS_NUM_THREADS=1
log="${TMPDIR:-/tmp}/affect-test-$$.log"
set +e
swift test >"$log" 2>&1
status=$?
set -e
# Compile steps, start lines and individual passing tests are left out; failures, issues, printed
# measurements and errors are shown. The project has no XCTest tests, so XCTest's empty-run
# summary is left out too. The last line is Swift Testing's summary ("Test run with N tests ...").
awk '
  /^\[[0-9]+\/[0-9]+\] / {next}
  /^◇ / {next}
  /^✔ (Test|Suite) / && !/^✔ Test run with/ {next}
  /^Test (Case|Suite) .* (started|passed)/ {next}
  /Executed 0 tests, with 0 failures/ {next}
  /Test run with [0-9]+ tests/ {summary = $0; next}
  {print}
  END { if (summary != "") print summary }
' "$log"
exit "$status"
