#!/usr/bin/env bash
# Configures and builds sitrep (Release with debug info) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${SITREP_BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSITREP_WERROR=ON "$@" >/dev/null
ninja -C "$BUILD_DIR"
