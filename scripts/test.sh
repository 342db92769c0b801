#!/usr/bin/env bash
# The README's second command: the whole test suite (installs missing packages, builds, runs
# every test). Tests that read ../shared/seeds or ../shared/data skip with a message when absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd "${SITREP_BUILD_DIR:-build}"
ctest --output-on-failure -j2 --timeout 600
