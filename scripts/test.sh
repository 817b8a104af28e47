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
# Passing tests and compile steps are summarised; failures, issues and the closing lines are shown.
grep -Ev '^(✔ Test .* passed|􁁛|\[[0-9]+/[0-9]+\] )' "$log" | grep -Ev '^Test Case .* passed|^Test Suite .* (started|passed)' || true
exit "$status"
