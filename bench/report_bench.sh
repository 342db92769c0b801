#!/usr/bin/env bash
# Report generation time for a store of N documents (issue 6; target: under 10 s for 100 000).
# Builds the store once (bench/report_corpus.py varies the bundled sample into N documents; then
# `sitrep ingest`) in a temporary directory kept for reruns (bench/out/report-N.db, reused when
# present), then times `sitrep report --html` and `sitrep report --format md` three times each
# (wall time, CPU time, peak RSS) and prints the median wall time. On a shared machine the
# CPU time is the steadier figure.
# Usage: bench/report_bench.sh [SITREP_BINARY] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
SITREP="${1:-build/sitrep}"
N="${2:-100000}"
OUT=bench/out
mkdir -p "$OUT"
DB="$OUT/report-$N.db"
if [ ! -f "$DB" ]; then
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
  python3 bench/report_corpus.py "$N" "$TMP/corpus.jsonl"
  echo "report_bench: ingesting $N documents into $TMP/store.db (once)" >&2
  start=$(date +%s)
  set +e
  "$SITREP" ingest --quiet --db "$TMP/store.db" "$TMP/corpus.jsonl" >"$TMP/ingest.out" 2>&1
  rc=$?
  set -e
  [ $rc -le 1 ] || { cat "$TMP/ingest.out" >&2; exit $rc; }
  echo "report_bench: ingest took $(( $(date +%s) - start )) s" >&2
  tail -3 "$TMP/ingest.out" >&2
  mv "$TMP/store.db" "$DB"
fi
"$SITREP" stats --db "$DB" > "$OUT/report-stats"
head -2 "$OUT/report-stats"
run() {  # LABEL ARGS...
  local label=$1; shift
  local times=()
  for i in 1 2 3; do
    /usr/bin/time -f "%e %M %U %S" -o "$OUT/report-time" "$SITREP" report --db "$DB" "$@" >/dev/null 2>"$OUT/report-err" \
      || { cat "$OUT/report-err" >&2; exit 1; }
    read -r secs rss user sys < "$OUT/report-time"
    times+=("$secs")
    echo "  $label run $i: ${secs} s wall, ${user} s user + ${sys} s sys CPU, peak RSS $((rss / 1024)) MB" >&2
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  echo "$label: median ${median} s over 3 runs ($N documents)"
}
run "report --html" --html "$OUT/report-$N.html"
ls -la "$OUT/report-$N.html" | awk '{print "  HTML size: " $5 " bytes"}'
run "report --format md" --format md
