#!/usr/bin/env bash
# Scores main-content extraction (body zones) on the shared dev set. Builds nothing.
# Usage: scripts/score-extraction.sh [path/to/sitrep] [extra scorer args, e.g. --per-page out.tsv]
# Needs ../shared/tools/extraction-score.py and ../shared/data/extraction-dev beside the repo.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${1:-$repo/build-html/sitrep}"
shift || true
shared="${SITREP_SHARED:-$repo/../shared}"
set_dir="$shared/data/extraction-dev"
scorer="$shared/tools/extraction-score.py"
[[ -x "$bin" ]] || { echo "score-extraction: no sitrep binary at $bin" >&2; exit 2; }
[[ -d "$set_dir" && -f "$scorer" ]] || { echo "score-extraction: $set_dir or $scorer missing" >&2; exit 2; }
export SITREP_RESOURCES="${SITREP_RESOURCES:-$repo/resources}"
exec python3 "$scorer" "$set_dir" --cmd "$(printf '%q' "$bin") extract --zone body {}" --name "sitrep $(basename "$bin")" "$@"
