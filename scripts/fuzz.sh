#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/*_fuzzer.cc) in the clang sanitizer build (scripts/build-san.sh:
# ASan + UBSan, build-san/), then runs every target for SECONDS (default 30) on a temporary copy of
# its seed corpus fuzz/corpus/<target>/ (the repository corpus is never written). Exits 1 when a
# target crashes, leaks, times out or runs out of memory; the input that did it is kept in the
# printed artifacts folder: fix the bug, then copy the input into fuzz/regressions/<target>/ so
# that the test suite replays it (fuzz_replay_<target> tests). scripts/test.sh runs this with
# $SITREP_TEST_FUZZ_SECONDS per target.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]       e.g. scripts/fuzz.sh 60 html numbers
# Environment: SITREP_SAN_BUILD_DIR (default build-san), SITREP_SAN_JOBS (ninja -j, default 1).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_EACH="${1:-30}"
shift || true
BUILD_DIR="${SITREP_SAN_BUILD_DIR:-build-san}"
export SITREP_SAN_BUILD_DIR="$BUILD_DIR" SITREP_SAN_JOBS="${SITREP_SAN_JOBS-1}"

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for src in fuzz/*_fuzzer.cc; do
    name=$(basename "$src" .cc)
    targets+=("${name%_fuzzer}")
  done
fi
scripts/build-san.sh "${targets[@]/%/_fuzzer}" || exit 2

WORK=$(mktemp -d)
case "$BUILD_DIR" in /*) ARTIFACTS="$BUILD_DIR/fuzz-artifacts" ;; *) ARTIFACTS="$ROOT/$BUILD_DIR/fuzz-artifacts" ;; esac
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
