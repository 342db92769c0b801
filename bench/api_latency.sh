#!/usr/bin/env bash
# API latency of `sitrep serve` (issue 6 bench): a store made of the bundled sample (examples/)
# replicated COPIES times (each copy's text made unique), then `wrk -t2 -c32 -d10s --latency`
# on loopback against the events and ledger endpoints of the largest story; prints p50 / p99.
# Target: p99 < 50 ms.
# Usage: bench/api_latency.sh [SITREP_BINARY] [COPIES]   (defaults: build/sitrep, 100)
# Env: DURATION (default 10s), CONNECTIONS (32), THREADS (2).
set -euo pipefail
SRC="$(cd "$(dirname "$0")/.." && pwd)"
SITREP="$(realpath "${1:-$SRC/build/sitrep}")"
COPIES="${2:-100}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
command -v wrk >/dev/null || { echo "api_latency: wrk is not installed (scripts/install-deps.sh)"; exit 1; }
WORK=$(mktemp -d)
source "$SRC/tests/server/serve_lib.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

mkdir -p "$WORK/in"
cp -r "$SRC/examples/." "$WORK/in/sample"
for i in $(seq "$COPIES"); do
  for f in "$SRC"/examples/text/*.txt; do
    { cat "$f"; printf '\nCopy %d of the sample for the API bench.\n' "$i"; } >"$WORK/in/c$i-$(basename "$f")"
  done
  for f in "$SRC"/examples/html/*.html; do
    sed "s|</body>|<p>Copy $i of the sample for the API bench.</p></body>|" "$f" >"$WORK/in/c$i-$(basename "$f")"
  done
done
echo "api_latency: ingesting $(find "$WORK/in" -type f | wc -l) files..."
"$SITREP" ingest --db "$WORK/b.db" "$WORK/in" >/dev/null 2>"$WORK/ingest.err" || [ $? -eq 1 ]

start_server "$SITREP" "$WORK/b.db" "$WORK/serve.log"
STORY=$(curl -sf "$BASE/api/stories" | python3 -c '
import json, sys
s = json.load(sys.stdin)["stories"]
print(max(s, key=lambda x: x["documents"])["id"])')
STATUS=$(curl -sf "$BASE/api/status")
echo "api_latency: store $STATUS; largest story $STORY"

run() {  # NAME PATH
  local out="$WORK/wrk-$1.txt"
  local bytes
  bytes=$(curl -sf "$BASE$2" | wc -c)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE$2" >"$out"
  local p50 p99 rps errors
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  errors=$(grep -E "Non-2xx|Socket errors" "$out" || true)
  printf '%-8s %-60s p50 %-9s p99 %-9s %s req/s, %s bytes/response %s\n' "$1" "$2" "$p50" "$p99" "$rps" "$bytes" "$errors"
}
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (loopback), $(nproc) CPUs"
run events "/api/events?story=$STORY"
run ledger "/api/ledger?story=$STORY"
run events-all "/api/events?limit=50"
