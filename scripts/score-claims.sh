#!/usr/bin/env bash
# Claim precision / recall / F1 per language over tests/fixtures/claims/claims.tsv (a claim counts
# only when quantity, group, label, value, approx, artifact and attribution all match).
# Usage: scripts/score-claims.sh [build dir]   (builds claims_test there if needed)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$repo/build}"
ninja -C "$build" -j1 claims_test >/dev/null
exec "$build/claims_test" --gtest_filter='ClaimsTableTest.ScoresEveryLanguage' --gtest_brief=1
