#!/usr/bin/env bash
# The README's second command: the whole test suite (installs missing packages, builds, runs
# every test). Tests that read ../shared/seeds or ../shared/data skip with a message when absent.
# Stages (issue 7):
#   1. gcc build with -Werror (build/), every test (ctest).
#   2. clang build with AddressSanitizer + UndefinedBehaviorSanitizer (build-san/, one build that
#      also holds the libFuzzer targets), the tests again except those labelled browser, postgres
#      or slow, with halt_on_error and leak detection. Skip with SITREP_TEST_SANITIZE=0.
#   3. every libFuzzer target fuzz/<target>_fuzzer.cc for SITREP_TEST_FUZZ_SECONDS seconds
#      (default 20) on its seed corpus fuzz/corpus/<target>/ (scripts/fuzz.sh). Skip with
#      SITREP_TEST_FUZZ_SECONDS=0.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SANITIZE="${SITREP_TEST_SANITIZE:-1}"
FUZZ_SECONDS="${SITREP_TEST_FUZZ_SECONDS:-20}"
stage() { echo "== test.sh: $* ($(date -u +%H:%M:%S))"; }

scripts/install-deps.sh
stage "build (gcc, -Werror)"
scripts/build.sh
stage "tests"
(cd "${SITREP_BUILD_DIR:-build}" && ctest --output-on-failure -j2 --timeout 600)

# ninja -j for the sanitizer build: ninja's default unless SITREP_SAN_JOBS is set.
export SITREP_SAN_BUILD_DIR="${SITREP_SAN_BUILD_DIR:-build-san}" SITREP_SAN_JOBS="${SITREP_SAN_JOBS-}"
if [ "$SANITIZE" != 0 ]; then
  stage "sanitizer build (clang, ASan+UBSan)"
  scripts/build-san.sh
  stage "tests under ASan+UBSan"
  # The sanitized binaries read the gazetteer the gcc build compiled.
  GAZ="${SITREP_BUILD_DIR:-build}/resources/gazetteer.tsv"
  case "$GAZ" in /*) ;; *) GAZ="$ROOT/$GAZ" ;; esac
  [ -f "$GAZ" ] && export SITREP_GAZETTEER="$GAZ"
  (cd "$SITREP_SAN_BUILD_DIR" &&
   ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
   UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}" \
   ctest --output-on-failure -j2 --timeout 1200 -LE 'browser|postgres|slow')
fi
if [ "$FUZZ_SECONDS" != 0 ]; then
  stage "fuzz targets, ${FUZZ_SECONDS}s each"
  scripts/fuzz.sh "$FUZZ_SECONDS"
fi
stage "all passed"
