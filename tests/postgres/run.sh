#!/usr/bin/env bash
# PostgreSQL store tests (ctest test `postgres_store`, label "postgres"). Starts a throwaway
# server (pg_server.sh: Debian's postgresql binaries, temporary data directory, free port on
# 127.0.0.1, removed on exit), then:
#   1. the store contract tests (tests/store/store_contract_test.cc) against it;
#   2. two concurrent `sitrep ingest` workers over overlapping inputs into one PostgreSQL store:
#      every document exactly once, none lost (the same corpus ingested into SQLite by one
#      worker is the reference);
#   3. stats, stories, ledger and report read the PostgreSQL store and say what they say on the
#      SQLite store;
#   4. an unreachable server, a bad URL and a refused password give a message naming the store.
# Fails (never skips) when the server cannot start: scripts/install-deps.sh installs postgresql.
# Usage: run.sh SITREP_BINARY STORE_CONTRACT_TEST SOURCE_DIR
set -uo pipefail
SITREP="$1"
CONTRACT="$2"
SRC="$3"
fail() { echo "FAIL: $*"; exit 1; }

# shellcheck source=tests/postgres/pg_server.sh
source "$SRC/tests/postgres/pg_server.sh"
pg_server_start || fail "could not start a PostgreSQL server (scripts/install-deps.sh installs postgresql)"
WORK="$PG_DIR/work"
mkdir -p "$WORK"
BASE_URL="${PG_URL%/postgres}"

# --- 1. the store contract ----------------------------------------------------------------------
SITREP_TEST_PG_URL="$PG_URL" "$CONTRACT" --gtest_brief=1 >"$WORK/contract.log" 2>&1 || {
  cat "$WORK/contract.log"
  fail "store contract tests failed against PostgreSQL"
}
grep -E "PASSED|SKIPPED" "$WORK/contract.log"
if grep -q "SKIPPED" "$WORK/contract.log"; then
  cat "$WORK/contract.log"
  fail "a contract test skipped against PostgreSQL"
fi

# --- 2. two concurrent ingest workers, overlapping inputs -----------------------------------------
bash "$SRC/bench/make_corpus.sh" "$SRC" "$WORK/corpus" 24 || fail "could not make the corpus"
# Worker A reads copies 0-15, worker B copies 8-23 and copy 0 again: half of each one's
# documents are the other's too, and both start with the same files. Small batches (10 and 7
# documents) make many transactions that interleave.
A_INPUTS=() B_INPUTS=("$WORK/corpus/copy0")
for k in $(seq 0 15); do A_INPUTS+=("$WORK/corpus/copy$k"); done
for k in $(seq 8 23); do B_INPUTS+=("$WORK/corpus/copy$k"); done

pg_server_psql -c "CREATE DATABASE sitrep_ingest" || fail "createdb"
DB="$BASE_URL/sitrep_ingest"
"$SITREP" ingest --db "$DB" -q --json --no-stories --batch 10 "${A_INPUTS[@]}" >"$WORK/a.json" 2>"$WORK/a.err" &
A=$!
"$SITREP" ingest --db "$DB" -q --json --no-stories --batch 7 "${B_INPUTS[@]}" >"$WORK/b.json" 2>"$WORK/b.err" &
B=$!
wait $A; A_RC=$?
wait $B; B_RC=$?
[ "$A_RC" -eq 0 ] || { cat "$WORK/a.err"; fail "worker A exited $A_RC"; }
[ "$B_RC" -eq 0 ] || { cat "$WORK/b.err"; fail "worker B exited $B_RC"; }

# The reference: the same inputs, one worker, SQLite.
REF="$WORK/ref.db"
"$SITREP" ingest --db "$REF" -q --json --no-stories "$WORK/corpus" >"$WORK/ref.json" 2>"$WORK/ref.err" ||
  { cat "$WORK/ref.err"; fail "reference ingest into SQLite failed"; }
json_field() { sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" "$1"; }
EXPECTED=$(json_field "$WORK/ref.json" stored)
[ "${EXPECTED:-0}" -ge 200 ] || fail "reference corpus too small: ${EXPECTED:-none} documents"
A_STORED=$(json_field "$WORK/a.json" stored)
B_STORED=$(json_field "$WORK/b.json" stored)
secs() { sed -n 's/.*"seconds":\([0-9.]*\).*/\1/p' "$1"; }
echo "workers: A stored $A_STORED in $(secs "$WORK/a.json") s, B stored $B_STORED in $(secs "$WORK/b.json") s, side by side; reference (SQLite, one worker): $EXPECTED"
[ $((A_STORED + B_STORED)) -eq "$EXPECTED" ] ||
  fail "the workers' summaries add up to $((A_STORED + B_STORED)) stored, not $EXPECTED"

count_sql() { pg_server_psql -d sitrep_ingest -t -A -c "$1"; }
ROWS=$(count_sql "SELECT count(*) || ' ' || count(DISTINCT id) FROM documents") || fail "psql"
[ "$ROWS" = "$EXPECTED $EXPECTED" ] || fail "PostgreSQL holds '$ROWS' (rows, distinct ids), expected $EXPECTED once each"
# The same ids as the reference: nothing lost, nothing extra.
"$SITREP" stats --db "$REF" --json >"$WORK/ref-stats.json" || fail "stats on SQLite"
"$SITREP" stats --db "$DB" --json >"$WORK/pg-stats.json" || fail "stats on PostgreSQL"
sed 's/"store":"[^"]*",\?//; s/"schema_version":[0-9]*,\?//' "$WORK/ref-stats.json" >"$WORK/ref-stats.cmp"
sed 's/"store":"[^"]*",\?//; s/"schema_version":[0-9]*,\?//' "$WORK/pg-stats.json" >"$WORK/pg-stats.cmp"
cmp -s "$WORK/ref-stats.cmp" "$WORK/pg-stats.cmp" || {
  diff "$WORK/ref-stats.cmp" "$WORK/pg-stats.cmp"
  fail "sitrep stats differs between the SQLite reference and the PostgreSQL store"
}
# Entity counts are running totals written by both workers: they must equal the reference's.
"$SITREP" entities --db "$REF" --json -n 1000 >"$WORK/ref-entities.json" || fail "entities on SQLite"
"$SITREP" entities --db "$DB" --json -n 1000 >"$WORK/pg-entities.json" || fail "entities on PostgreSQL"
cmp -s "$WORK/ref-entities.json" "$WORK/pg-entities.json" || {
  diff "$WORK/ref-entities.json" "$WORK/pg-entities.json" | head -20
  fail "entity counts differ between the SQLite reference and the PostgreSQL store"
}

# --- 3. the read commands on the PostgreSQL store ------------------------------------------------
for db in "$REF" "$DB"; do
  tag=pg
  [ "$db" = "$REF" ] && tag=ref
  "$SITREP" stories --db "$db" --rebuild >"$WORK/$tag-stories.txt" 2>"$WORK/$tag-stories.err" ||
    { cat "$WORK/$tag-stories.err"; fail "stories --rebuild on $tag"; }
  "$SITREP" stories --db "$db" --json >"$WORK/$tag-stories.json" || fail "stories --json on $tag"
  "$SITREP" ledger --db "$db" --json >"$WORK/$tag-ledger.json" || fail "ledger on $tag"
  "$SITREP" report --db "$db" --format md --title "Test" -o "$WORK/$tag-report.md" ||
    fail "report on $tag"
  "$SITREP" search --db "$db" "Bishkek" >"$WORK/$tag-search.txt" || fail "search on $tag"
done
[ -s "$WORK/pg-stories.json" ] || fail "no stories from the PostgreSQL store"
for what in stories.json ledger.json report.md; do
  cmp -s "$WORK/ref-$what" "$WORK/pg-$what" || {
    diff "$WORK/ref-$what" "$WORK/pg-$what" | head -20
    fail "$what differs between the SQLite reference and the PostgreSQL store"
  }
done
grep -q "Bishkek\|bishkek" "$WORK/pg-search.txt" || fail "search on PostgreSQL found nothing for Bishkek"
echo "stories, ledger and report: identical on SQLite and PostgreSQL ($(wc -l <"$WORK/pg-stories.json") stories)"

# Re-ingesting into PostgreSQL stores nothing new.
"$SITREP" ingest --db "$DB" -q --json --no-stories "$WORK/corpus" >"$WORK/again.json" || fail "re-ingest"
[ "$(json_field "$WORK/again.json" stored)" = 0 ] || fail "re-ingest stored documents again: $(cat "$WORK/again.json")"

# --- 4. clear errors -----------------------------------------------------------------------------
expect_store_error() {  # LOCATION WHAT-THE-MESSAGE-SAYS
  "$SITREP" stats --db "$1" >"$WORK/err.out" 2>"$WORK/err.txt"
  local rc=$?
  [ $rc -ne 0 ] && [ $rc -lt 128 ] || fail "stats --db $1 exited $rc"
  grep -q "cannot open store" "$WORK/err.txt" || { cat "$WORK/err.txt"; fail "no 'cannot open store' for $1"; }
  grep -q "$2" "$WORK/err.txt" || { cat "$WORK/err.txt"; fail "message for $1 does not say '$2'"; }
  if grep -q "Zq9-not-the-password" "$WORK/err.txt"; then fail "the password was printed"; fi
}
expect_store_error "postgresql://127.0.0.1:1/sitrep" "cannot connect"
expect_store_error "postgres://sitrep:Zq9-not-the-password@127.0.0.1:1/sitrep" "sitrep:\*\*\*@127.0.0.1"
expect_store_error "postgresql://127.0.0.1/x?nonsense=1" "not a valid PostgreSQL URL"
pg_server_psql -c "CREATE DATABASE ascii TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'" ||
  fail "createdb ascii"
expect_store_error "$BASE_URL/ascii" "needs UTF8"
# A role that must give a password (scram), given the wrong one.
pg_server_psql -c "CREATE ROLE sitrep_pw LOGIN PASSWORD 'right-one'" || fail "create role"
{ echo "host all sitrep_pw 127.0.0.1/32 scram-sha-256"; cat "$PG_DIR/data/pg_hba.conf"; } >"$WORK/hba"
cp "$WORK/hba" "$PG_DIR/data/pg_hba.conf"
pg_server_psql -c "SELECT pg_reload_conf()" >/dev/null || fail "reload"
expect_store_error "postgresql://sitrep_pw:Zq9-not-the-password@127.0.0.1:$PG_PORT/postgres" \
  "password authentication failed"
"$SITREP" stats --db "postgresql://sitrep_pw:right-one@127.0.0.1:$PG_PORT/sitrep_ingest" >/dev/null 2>"$WORK/err.txt" &&
  fail "a role without rights on the store's tables read it"
grep -q "permission denied" "$WORK/err.txt" || { cat "$WORK/err.txt"; fail "no 'permission denied'"; }

echo "PASS: PostgreSQL store"
