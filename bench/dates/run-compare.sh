#!/usr/bin/env bash
# Date-parser comparison (issue 3 item 3): sitrep's TimeFinder vs chrono-node (fr, en parsers) on
# the team's hand-labelled sentences. Installs chrono-node into bench/dates/node_modules when
# missing (npm ci from the committed package-lock.json), builds dates_eval_bench in BUILD_DIR,
# and prints both accuracies side by side on day-granularity values (YYYY-MM-DD).
#
# Usage: bench/dates/run-compare.sh [--rows]   (env: BUILD_DIR, default <repo>/build-times)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$repo/build-times}"
tsv="$repo/tests/fixtures/dates/sentences.tsv"
rows="${1:-}"

if [ ! -d "$here/node_modules/chrono-node" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$repo" -B "$build" -G Ninja >/dev/null
fi
ninja -C "$build" -j2 dates_eval_bench >/dev/null

export TZ=UTC
sitrep_out="$(SITREP_RESOURCES="$repo/resources" "$build/dates_eval_bench" $rows "$tsv")"
chrono_out="$(node "$here/compare.mjs" $rows "$tsv")"

if [ "$rows" = "--rows" ]; then
  echo "== sitrep rows"; grep '^row' <<<"$sitrep_out" | grep WRONG || true
  echo "== chrono-node rows"; grep '^row' <<<"$chrono_out" | grep WRONG || true
fi
printf '%-6s %-22s %-22s\n' lang "sitrep" "chrono-node"
join -a1 -e - -o 0,1.2,1.3,2.2,2.3 -t $'\t' \
  <(grep -v '^row' <<<"$sitrep_out" | sort) <(grep -v '^row' <<<"$chrono_out" | sort) |
  awk -F'\t' '{
    s = sprintf("%d/%d (%.1f%%)", $2, $3, 100*$2/$3);
    c = ($4 == "-") ? "n/a" : sprintf("%d/%d (%.1f%%)", $4, $5, 100*$4/$5);
    printf "%-6s %-22s %-22s\n", $1, s, c }'
