#!/usr/bin/env bash
# Configures (once) and builds the clang sanitizer build: AddressSanitizer + UndefinedBehavior-
# Sanitizer (SITREP_SANITIZE) with libFuzzer coverage instrumentation (-fsanitize=fuzzer-no-link),
# tests and fuzz targets on, benchmarks off, no -Werror (clang warns differently from gcc 12);
# -O1 and line tables only (symbolized reports, a faster compile and much faster links).
# One build serves both the sanitizer test run and the fuzz targets (scripts/test.sh,
# scripts/fuzz.sh). Usage: scripts/build-san.sh [NINJA_TARGET...]   (all targets when none)
# Environment: SITREP_SAN_BUILD_DIR (default build-san), SITREP_SAN_JOBS (ninja -j; ninja's
# default when unset).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${SITREP_SAN_BUILD_DIR:-build-san}"
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSITREP_WERROR=OFF -DSITREP_SANITIZE=ON -DSITREP_BUILD_FUZZ=ON -DSITREP_BUILD_TESTS=ON \
    -DSITREP_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG" >/dev/null
fi
ninja -C "$BUILD_DIR" ${SITREP_SAN_JOBS:+-j"$SITREP_SAN_JOBS"} "$@"
