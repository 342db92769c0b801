#!/usr/bin/env bash
# Ingest throughput into SQLite and into PostgreSQL, with 1 and 2 `sitrep ingest` workers, on a
# corpus generated from examples/ (bench/make_corpus.sh). PostgreSQL is a throwaway local server
# (tests/postgres/pg_server.sh) with fsync on; each run gets a new store. The 2-worker runs split
# the copies between the workers (disjoint halves, started together); figures are documents
# stored per second of wall time, whole runs (reading, every analysis stage, writing), with
# --no-stories so the story rebuild is not counted.
# Usage: bench/ingest_bench.sh SITREP_BINARY [COPIES=100]
set -uo pipefail
SITREP="$(realpath "$1")"
COPIES="${2:-100}"
SRC="$(cd "$(dirname "$0")/.." && pwd)"
export SITREP_PG_FSYNC=on
# shellcheck source=tests/postgres/pg_server.sh
source "$SRC/tests/postgres/pg_server.sh"
pg_server_start || { echo "ingest_bench: PostgreSQL did not start" >&2; exit 1; }
WORK="$PG_DIR/work"
mkdir -p "$WORK"
bash "$SRC/bench/make_corpus.sh" "$SRC" "$WORK/corpus" "$COPIES"
HALF1=() HALF2=()
for ((k = 0; k < COPIES; k++)); do
  if ((k % 2 == 0)); then HALF1+=("$WORK/corpus/copy$k"); else HALF2+=("$WORK/corpus/copy$k"); fi
done
stored() { sed -n 's/.*"stored":\([0-9]*\).*/\1/p' "$1"; }
now() { date +%s.%N; }
run() {  # NAME DB WORKERS
  local name="$1" db="$2" workers="$3" t0 t1 total=0 rc=0
  t0=$(now)
  if [ "$workers" = 1 ]; then
    "$SITREP" ingest --db "$db" -q --json --no-stories "$WORK/corpus" >"$WORK/$name.1.json" || rc=$?
  else
    "$SITREP" ingest --db "$db" -q --json --no-stories "${HALF1[@]}" >"$WORK/$name.1.json" & local a=$!
    "$SITREP" ingest --db "$db" -q --json --no-stories "${HALF2[@]}" >"$WORK/$name.2.json" & local b=$!
    wait $a || rc=$?
    wait $b || rc=$?
  fi
  t1=$(now)
  for f in "$WORK/$name".*.json; do total=$((total + $(stored "$f"))); done
  awk -v n="$name" -v w="$workers" -v d="$total" -v t0="$t0" -v t1="$t1" -v rc="$rc" \
    'BEGIN { s = t1 - t0; printf "| %-10s | %d | %6d | %7.2f s | %6.1f docs/s |%s\n", n, w, d, s, d / s, (rc ? " exit " rc : "") }'
}
echo "corpus: $(find "$WORK/corpus" -type f | wc -l) files from examples/ ($COPIES copies)"
echo "| store      | workers | documents | wall | throughput |"
echo "|---|---|---|---|---|"
run sqlite "$WORK/one.db" 1
run sqlite "$WORK/two.db" 2
pg_server_psql -c "CREATE DATABASE bench1" -c "CREATE DATABASE bench2"
run postgresql "${PG_URL%/postgres}/bench1" 1
run postgresql "${PG_URL%/postgres}/bench2" 2
