#!/usr/bin/env bash
# The main job: installs missing system packages, builds `affect` (release) and runs the quickstart
# on the embedded default data, printing where the results are.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-system.sh
swift build -c release --product affect >&2
bin="$(swift build -c release --show-bin-path)/affect"
mkdir -p out
"$bin" audio info Datasets/speech/*.wav
"$bin" audio convert Datasets/speech/alsa_Front_Center_48k.wav out/alsa_Front_Center_16k.wav --rate 16000
echo "quickstart: wrote out/alsa_Front_Center_16k.wav" >&2
