#!/usr/bin/env bash
# Installs the Debian packages AffectWorkbench links against, only if any is missing.
# FFTW (double + float), libsndfile, OpenBLAS + LAPACKE (Debian's OpenBLAS has no lapacke.h), libcrypto.
set -euo pipefail
need=()
pkg-config --exists fftw3 fftw3f 2>/dev/null || need+=(libfftw3-dev)
pkg-config --exists sndfile 2>/dev/null || need+=(libsndfile1-dev)
pkg-config --exists openblas 2>/dev/null || need+=(libopenblas-dev)
{ pkg-config --exists lapacke 2>/dev/null && [ -f /usr/include/lapacke.h ]; } || need+=(liblapacke-dev)
pkg-config --exists libcrypto 2>/dev/null || need+=(libssl-dev)
command -v pkg-config >/dev/null 2>&1 || need=(pkg-config "${need[@]}")
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq pkg-config libfftw3-dev libsndfile1-dev \
    libopenblas-dev liblapacke-dev libssl-dev >&2
fi
