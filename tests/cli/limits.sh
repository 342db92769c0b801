#!/usr/bin/env bash
# CLI test (issue 7, limits): each size limit -- a page (--max-document-bytes), a JSON Lines line
# (--max-line-bytes), a JSON nesting depth (--max-json-depth), a WARC record
# (--max-warc-record-bytes), a feed/export file (--max-file-bytes) -- rejects an input just over
# it with a message that names the limit's flag, and the same input is stored once the flag
# raises the limit. The JSON depth is also checked at its default (128).
# Usage: limits.sh SITREP_BINARY SOURCE_DIR
set -uo pipefail
SITREP="$1"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

python3 - "$WORK" <<'PY' || fail "cannot write the inputs"
import os, sys
w = sys.argv[1]
def mk(name, data):
    d = os.path.join(w, name.split(".")[0])
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
para = ("<p>Le conseil de Castelmoine a ouvert mercredi un centre d'accueil pour 230 sinistrés "
        "de la crue, indique la mairie dans un communiqué.</p>\n")
# page: ~6 KB of HTML
mk("page.html", "<html><head><title>Crue à Castelmoine</title></head><body><article>"
   "<h1>Crue à Castelmoine</h1>" + para * 40 + "</article></body></html>\n")
# line: a short line, then a ~5 KB line
long_text = "Officials in Tollbury reported a dock strike on Monday. " * 90
mk("line.jsonl", '{"url":"https://tollbury-demo.example/1","text":"A short report from Tollbury."}\n'
   '{"url":"https://tollbury-demo.example/2","text":"' + long_text + '"}\n')
# depth: a record nested 150 levels deep (default limit 128)
mk("depth.jsonl", '{"url":"https://marrowick-demo.example/3","text":"A flood in Marrowick.",'
   '"extra":' + "[" * 150 + "]" * 150 + "}\n")
# warc: one response record of ~5 KB
page = ("<html><body><article><h1>Incendie à Brisecombe</h1>" + para * 30 +
        "</article></body></html>").encode()
http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page)
warc = (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Date: 2026-03-02T08:15:00Z\r\n"
        b"WARC-Record-ID: <urn:uuid:limits-1>\r\nWARC-Target-URI: https://brisecombe-demo.example/4\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: " +
        str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n")
mk("warc.warc", warc)
# file: an RSS feed of ~6 KB
items = "".join(f"<item><title>Coupure de courant n°{i} à Vessières</title>"
                f"<link>https://vessieres-demo.example/{i}</link>"
                f"<description>Le courant a été coupé {i} heures dans le quartier haut de Vessières, "
                f"selon le distributeur régional.</description></item>\n" for i in range(30))
mk("feed.xml", '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
   "<title>Vessières demo</title>" + items + "</channel></rss>\n")
PY

# check NAME FLAG LOW HIGH WANT_DOCS: over the limit LOW the input is rejected naming FLAG, and
# nothing (or only the inputs under it) is stored; with HIGH every expected document is stored.
check() {
  local name=$1 flag=$2 low=$3 high=$4 want=$5 low_docs=${6:-0}
  "$SITREP" ingest --no-stories --db "$WORK/$name-low.db" "--$flag" "$low" "$WORK/$name" \
    >"$WORK/$name-low.out" 2>"$WORK/$name-low.err"
  rc=$?
  # 1 = finished with rejected inputs, 3 = nothing could be read (the only input was rejected)
  [ $rc -eq 1 ] || [ $rc -eq 3 ] ||
    fail "$name: exit $rc over --$flag $low, expected 1 or 3: $(cat "$WORK/$name-low.err")"
  grep -E "rejected .*$name.*--$flag" "$WORK/$name-low.err" >/dev/null ||
    fail "$name: no rejection naming --$flag: $(cat "$WORK/$name-low.err")"
  grep -E "internal error|runtime error|Sanitizer" "$WORK/$name-low.err" >/dev/null &&
    fail "$name: $(cat "$WORK/$name-low.err")"
  n=$(docs "$WORK/$name-low.db")
  [ "$n" = "$low_docs" ] || fail "$name: $n documents stored under --$flag $low, want $low_docs"
  "$SITREP" ingest --no-stories --db "$WORK/$name-high.db" "--$flag" "$high" "$WORK/$name" \
    >"$WORK/$name-high.out" 2>"$WORK/$name-high.err" ||
    fail "$name: exit $? with --$flag $high: $(cat "$WORK/$name-high.err")"
  [ -s "$WORK/$name-high.err" ] && fail "$name: messages with --$flag $high: $(cat "$WORK/$name-high.err")"
  n=$(docs "$WORK/$name-high.db")
  [ "$n" = "$want" ] || fail "$name: $n documents stored with --$flag $high, want $want"
  echo "ok: $name: rejected at --$flag $low ($(head -n 1 "$WORK/$name-low.err")), stored at $high"
}
docs() {
  if [ ! -e "$1" ]; then echo 0; return; fi
  "$SITREP" stats --db "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])'
}

check page max-document-bytes 2000 100000 1
check line max-line-bytes 1000 100000 2 1
check depth max-json-depth 128 200 1
check warc max-warc-record-bytes 2000 100000 1
check feed max-file-bytes 2000 100000 30

# The JSON depth limit holds by default (128) too.
"$SITREP" ingest --no-stories --db "$WORK/default.db" "$WORK/depth" >/dev/null 2>"$WORK/default.err"
grep -E "rejected .*depth.*nested deeper than 128 .*--max-json-depth" "$WORK/default.err" >/dev/null ||
  fail "default JSON depth: $(cat "$WORK/default.err")"
# The help lists every limit flag with its default.
"$SITREP" ingest --help >"$WORK/help" 2>&1
for flag in max-document-bytes max-line-bytes max-json-depth max-warc-record-bytes max-file-bytes; do
  grep -E -- "--$flag" "$WORK/help" >/dev/null || fail "ingest --help does not list --$flag"
done
echo "PASS"
