#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/*_fuzzer.cc) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer into build-fuzz/, then runs every target for SECONDS (default 30)
# on a temporary copy of its seed corpus fuzz/corpus/<target>/ (the repository corpus is never
# written). Exits 1 when a target crashes, leaks, times out or runs out of memory; the input that
# did it is kept in the printed artifacts folder. Not part of scripts/test.sh (CI time budget).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]       e.g. scripts/fuzz.sh 60 html numbers
# Environment: SITREP_FUZZ_BUILD_DIR (default build-fuzz), SITREP_FUZZ_JOBS (ninja -j, default 1).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_EACH="${1:-30}"
shift || true
BUILD_DIR="${SITREP_FUZZ_BUILD_DIR:-build-fuzz}"
JOBS="${SITREP_FUZZ_JOBS:-1}"

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSITREP_BUILD_FUZZ=ON -DSITREP_BUILD_TESTS=OFF -DSITREP_BUILD_BENCH=OFF -DSITREP_SANITIZE=ON \
    -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link >/dev/null || exit 2
fi
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for src in fuzz/*_fuzzer.cc; do
    name=$(basename "$src" .cc)
    targets+=("${name%_fuzzer}")
  done
fi
ninja -C "$BUILD_DIR" -j"$JOBS" "${targets[@]/%/_fuzzer}" || exit 2

WORK=$(mktemp -d)
ARTIFACTS="$ROOT/$BUILD_DIR/fuzz-artifacts"
mkdir -p "$ARTIFACTS"
trap 'rm -rf "$WORK"' EXIT
export SITREP_RESOURCES="$ROOT/resources"
failed=()
for t in "${targets[@]}"; do
  mkdir -p "$WORK/$t"
  [ -d "fuzz/corpus/$t" ] && cp -r "fuzz/corpus/$t/." "$WORK/$t/"
  echo "== $t: ${SECONDS_EACH}s on $(ls "$WORK/$t" | wc -l) seed inputs"
  "$BUILD_DIR/${t}_fuzzer" "$WORK/$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 \
    -max_len=65536 -timeout=25 -print_final_stats=1 -artifact_prefix="$ARTIFACTS/${t}-" \
    >"$WORK/$t.log" 2>&1
  rc=$?
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|Done [0-9]+ runs" "$WORK/$t.log" | tr '\n' ' '
  echo
  if [ $rc -ne 0 ]; then
    failed+=("$t")
    echo "!! $t failed (exit $rc); log tail:"
    tail -n 40 "$WORK/$t.log"
    echo "!! crashing input kept in $ARTIFACTS/"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: FAILED: ${failed[*]}"
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets, ${SECONDS_EACH}s each, no crash"
