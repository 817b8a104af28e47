#!/usr/bin/env bash
# The main job: installs missing system packages, builds `affect` (release) and runs the quickstart
# experiment (Experiments/quickstart.yaml): the synthetic multimodal corpus is generated on first use,
# features are extracted (prosody, face, physiology), late fusion is evaluated leave-one-subject-out
# with post-hoc calibration, and a run record with report.html and model_card.md is written under
# runs/. The run directory and the report path are printed on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-system.sh
swift build -c release --product affect >&2
bin="$(swift build -c release --show-bin-path)/affect"
"$bin" run Experiments/quickstart.yaml "$@"
