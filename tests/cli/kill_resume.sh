#!/usr/bin/env bash
# CLI test (issue 7, crash safety): `sitrep ingest` killed with SIGKILL at random moments, then
# re-run, must leave a store that opens, passes PRAGMA integrity_check, never loses a committed
# document, and ends with exactly one stored document per distinct input; a final re-ingest
# stores nothing new.
# Usage: kill_resume.sh SITREP_BINARY SOURCE_DIR
# Environment: SITREP_KILL_ROUNDS (kill-and-rerun rounds, default 3), SITREP_KILL_DOCS (number of
# generated inputs, default 2000), SITREP_KILL_SEED (seed of the random kill delays).
set -uo pipefail
SITREP="$1"
ROUNDS="${SITREP_KILL_ROUNDS:-3}"
DOCS="${SITREP_KILL_DOCS:-2000}"
RANDOM="${SITREP_KILL_SEED:-$$}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Distinct invented fr/en news items, one text file each.
python3 - "$WORK/in" "$DOCS" <<'PY' || fail "cannot write the inputs"
import os, sys
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
towns = ["Port-Valmont", "Saint-Aubrac", "Lornebourg", "Vessières", "Castelmoine",
         "Brisecombe", "Haldenford", "Marrowick", "Eastcairn", "Tollbury"]
fr_what = ["une grève des dockers", "une inondation du quartier bas", "un incendie d'entrepôt",
           "une coupure de courant", "une manifestation d'agriculteurs"]
en_what = ["a dock strike", "a flood in the lower town", "a warehouse fire",
           "a power cut", "a farmers' protest"]
fr_days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
en_days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
for i in range(n):
    t = towns[i % len(towns)]
    k = (i // len(towns)) % 5
    if i % 2 == 0:
        body = (f"Bulletin {i} : {fr_what[k]} à {t}\n\n"
                f"Les autorités de {t} ont signalé {fr_days[(i // 7) % 5]} {fr_what[k]}. "
                f"Selon la préfecture, {100 + i} personnes ont été évacuées et {i % 37} "
                f"blessés légers ont été pris en charge par les secours.\n\n"
                f"Le maire a annoncé une réunion de crise pour le soir du rapport numéro {i}.\n")
    else:
        body = (f"Bulletin {i}: {en_what[k]} in {t}\n\n"
                f"Officials in {t} reported {en_what[k]} on {en_days[(i // 7) % 5]}. "
                f"According to the council, {100 + i} people were evacuated and {i % 37} "
                f"were treated for minor injuries.\n\n"
                f"The mayor called a crisis meeting for the evening of report number {i}.\n")
    with open(os.path.join(out, f"doc{i:05d}.txt"), "w", encoding="utf-8") as f:
        f.write(body)
PY

# store_check DB: integrity ok, no orphan or doubled rows; prints the document count.
store_check() {
  python3 - "$1" <<'PY'
import sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
ok = con.execute("PRAGMA integrity_check").fetchall()
assert ok == [("ok",)], ok
docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
paths = con.execute("SELECT count(DISTINCT path) FROM documents").fetchone()[0]
assert paths == docs, f"{docs} documents but {paths} distinct paths"
fts = con.execute("SELECT count(*) FROM documents_fts").fetchone()[0]
assert fts == docs, f"{docs} documents but {fts} search rows"
orphans = con.execute("SELECT count(*) FROM zones WHERE doc_id NOT IN (SELECT id FROM documents)"
                      ).fetchone()[0]
assert orphans == 0, f"{orphans} zones without a document"
print(docs)
PY
}

# same_ids A B: both stores hold the same set of document ids.
same_ids() {
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys
ids = [sorted(r[0] for r in sqlite3.connect(f"file:{p}?mode=ro", uri=True).execute(
    "SELECT id FROM documents")) for p in sys.argv[1:3]]
sys.exit(0 if ids[0] == ids[1] else 1)
PY
}

ingest() { "$SITREP" ingest --quiet --no-stories --db "$@" "$WORK/in"; }

# Reference run: how long a whole ingest takes here, and that every input is stored.
start=$(date +%s%N)
ingest "$WORK/ref.db" >"$WORK/ref.out" 2>&1 || fail "reference ingest exited $?: $(cat "$WORK/ref.out")"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
ref=$(store_check "$WORK/ref.db") || fail "reference store check"
[ "$ref" = "$DOCS" ] || fail "reference ingest stored $ref of $DOCS distinct inputs"
[ "$ms" -gt 100 ] || ms=100
echo "reference ingest: $DOCS documents in $ms ms"

prev=0
for round in $(seq 1 "$ROUNDS"); do
  delay=$(( 50 + (RANDOM * 32768 + RANDOM) % (ms - 49) ))
  "$SITREP" ingest --quiet --no-stories --db "$WORK/s.db" "$WORK/in" >"$WORK/run.out" 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -KILL "$pid" 2>/dev/null
  { wait "$pid"; } 2>/dev/null  # no "Killed" job notice
  rc=$?
  [ "$rc" = 137 ] || [ "$rc" = 0 ] || fail "round $round: ingest exited $rc: $(cat "$WORK/run.out")"
  [ -e "$WORK/s.db" ] || { echo "round $round: killed after $delay ms, before the store existed"; continue; }
  # The killed store must open through our own CLI (it recovers the WAL) ...
  n=$("$SITREP" stats --db "$WORK/s.db" --json 2>"$WORK/stats.err" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])') ||
    fail "round $round: store does not open after SIGKILL at $delay ms: $(cat "$WORK/stats.err")"
  # ... be intact, and keep every document an earlier round committed.
  c=$(store_check "$WORK/s.db") || fail "round $round: store check after SIGKILL at $delay ms"
  [ "$c" = "$n" ] || fail "round $round: stats says $n documents, the table has $c"
  [ "$n" -ge "$prev" ] || fail "round $round: $prev committed documents fell to $n"
  [ "$n" -le "$DOCS" ] || fail "round $round: $n documents from $DOCS inputs"
  what="killed after"; [ "$rc" = 0 ] && what="ended before the kill at"
  echo "round $round: $what $delay ms, $n documents stored"
  prev=$n
  if [ "$rc" = 0 ]; then
    # The run ended before the kill: the store is complete. Check it, and let the next rounds
    # kill a fresh store, so that kills keep landing while documents are being written.
    [ "$n" = "$DOCS" ] || fail "round $round: a finished ingest stored $n of $DOCS"
    same_ids "$WORK/s.db" "$WORK/ref.db" || fail "round $round: other documents than the reference"
    rm -f "$WORK/s.db" "$WORK/s.db-wal" "$WORK/s.db-shm"
    prev=0
  fi
done

ingest "$WORK/s.db" >"$WORK/final.out" 2>&1 || fail "final ingest exited $?: $(cat "$WORK/final.out")"
n=$(store_check "$WORK/s.db") || fail "store check after the final ingest"
[ "$n" = "$DOCS" ] || fail "after kills and resume: $n documents stored, $DOCS distinct inputs"
s=$("$SITREP" stats --db "$WORK/s.db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
[ "$s" = "$DOCS" ] || fail "stats --json documents = $s, want $DOCS"
same_ids "$WORK/s.db" "$WORK/ref.db" || fail "the resumed store holds other documents than the reference store"
again=$("$SITREP" ingest --json --quiet --no-stories --db "$WORK/s.db" "$WORK/in" 2>/dev/null |
        python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["stored"], j["duplicates"])')
[ "$again" = "0 $DOCS" ] || fail "final re-ingest: stored/duplicates = $again, want 0 $DOCS"
echo "ok: $ROUNDS kill rounds, $DOCS documents, store intact"
