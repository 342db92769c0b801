#!/usr/bin/env bash
# Read-while-ingest test (issue 7 "Concurrency"): `sitrep serve` answers API reads correctly
# while a large `sitrep ingest` writes to the same SQLite store (WAL), and shows the new stories
# once the ingest is done. Each round: a store with the bundled sample, a server on it, then an
# ingest of the sample replicated SITREP_SERVE_INGEST_COPIES times (each copy's text made unique,
# so every copy is a new document) while a client hammers stories, events, ledger, documents and
# search; every answer must be 200 and well-formed JSON, the documents the server saw before must
# stay readable, and after the ingest the server must report every document.
# Knobs: SITREP_SERVE_INGEST_ROUNDS (default 1), SITREP_SERVE_INGEST_COPIES (default 40).
# Usage: serve_ingest.sh SITREP_BINARY SOURCE_DIR
set -uo pipefail
SITREP="$1"
SRC="$2"
ROUNDS="${SITREP_SERVE_INGEST_ROUNDS:-1}"
COPIES="${SITREP_SERVE_INGEST_COPIES:-40}"
WORK=$(mktemp -d)
source "$SRC/tests/server/serve_lib.sh"
INGEST_PID=""
cleanup() {
  stop_server
  [ -n "$INGEST_PID" ] && kill "$INGEST_PID" 2>/dev/null && wait "$INGEST_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL (round ${round:-0}): $*"; exit 1; }

# The replicated input: text and HTML files of the sample, each copy with a line of its own.
mkdir -p "$WORK/big"
for i in $(seq "$COPIES"); do
  for f in "$SRC"/examples/text/*.txt "$SRC"/examples/html/*.html; do
    base=$(basename "$f")
    case "$base" in
      *.txt) { cat "$f"; printf '\nCopy %d of the sample for the read-while-ingest test.\n' "$i"; } >"$WORK/big/c$i-$base" ;;
      *.html) sed "s|</body>|<p>Copy $i of the sample for the read-while-ingest test.</p></body>|" "$f" >"$WORK/big/c$i-$base" ;;
    esac
  done
done
NBIG=$(ls "$WORK/big" | wc -l)

for round in $(seq "$ROUNDS"); do
  rm -f "$WORK"/s.db*
  "$SITREP" ingest --db "$WORK/s.db" "$SRC/examples" >"$WORK/ingest0.out" 2>&1
  [ $? -le 1 ] || fail "first ingest: $(cat "$WORK/ingest0.out")"
  start_server "$SITREP" "$WORK/s.db" "$WORK/serve.log" --refresh 1 || exit 1

  "$SITREP" ingest --db "$WORK/s.db" "$WORK/big" >"$WORK/ingest.out" 2>&1 &
  INGEST_PID=$!
  python3 - "$BASE" "$INGEST_PID" "$SITREP" "$WORK/s.db" <<'PY' || fail "reads during the ingest (above); server log: $(tail -5 "$WORK/serve.log")"
import json, os, subprocess, sys, time, urllib.request, urllib.error, urllib.parse
base, ingest_pid, sitrep, db = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

def get(path):
    try:
        with urllib.request.urlopen(base + path, timeout=20) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, e.read()[:300]

def ok(path):
    st, j = get(path)
    assert st == 200, (path, st, j)
    return j

def running(pid):
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    # A finished child not yet reaped is a zombie: it is done.
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False

before = ok("/api/status")
stories = ok("/api/stories")["stories"]
assert stories, "no story before the ingest"
sid = stories[0]["id"]
doc = ok("/api/stories/" + sid)["document_list"][0]["id"]
reads = 0
while running(ingest_pid):
    for path in ("/api/status", "/api/stories", "/api/events?story=" + sid, "/api/ledger",
                 "/api/documents/" + doc, "/api/search?q=" + urllib.parse.quote("protest*"),
                 "/api/events?type=arrest&limit=5"):
        j = ok(path)
        reads += 1
        if path.startswith("/api/documents/"):
            assert j["id"] == doc and j["text"], "a document read during the ingest is wrong"
        if path == "/api/status":
            assert j["documents"] >= before["documents"], (j, before)
assert reads >= 7, "the ingest ended before any read: make it larger (SITREP_SERVE_INGEST_COPIES)"
# After the ingest, the server reloads (every second) and sees every stored document.
stats = subprocess.run([sitrep, "stats", "--db", db, "--json"], capture_output=True, text=True)
want = json.loads(stats.stdout)["documents"]
assert want > before["documents"] + 100, ("the big ingest stored too little", want, before)
deadline = time.time() + 120
while True:
    st = ok("/api/status")
    if st["documents"] >= want:
        break
    assert time.time() < deadline, ("the server never showed the new documents", st, want)
    time.sleep(0.5)
ok("/api/documents/" + doc)
print("round ok: %d reads during the ingest; %d -> %d documents" % (reads, before["documents"], st["documents"]))
PY
  wait "$INGEST_PID"
  rc=$?
  INGEST_PID=""
  [ $rc -le 1 ] || fail "the big ingest exited $rc: $(tail -5 "$WORK/ingest.out")"
  kill -0 "$SERVER_PID" 2>/dev/null || fail "the server died"
  stop_server
done
echo "serve_ingest: $ROUNDS round(s) passed"
