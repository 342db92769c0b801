#!/usr/bin/env bash
# CLI test: every bad input of issue #2 gives a one-line error naming the input and the reason,
# the good inputs are still stored, the summary counts the rejects, the exit status is the
# documented one (1 = finished with rejects), and nothing crashes.
# Usage: bad_inputs.sh SITREP_BINARY SOURCE_DIR
set -uo pipefail
SITREP="$1"
SRC="$2"
WORK=$(mktemp -d)
trap 'chmod -R u+rwx "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

BAD="$WORK/bad"
mkdir -p "$BAD"
bash "$SRC/tests/fixtures/bad/make-bad-inputs.sh" "$BAD" big >/dev/null || fail "fixture generator failed"
# Good documents beside the bad ones.
mkdir -p "$BAD/good"
printf 'Un titre inventé\n\nLe conseil municipal de Valmont a voté mardi un budget de crise.\n' > "$BAD/good/fr.txt"
printf 'An invented title\n\nThe harbour of Eastport reopened on Monday after a two-day strike.\n' > "$BAD/good/en.txt"
# Files kept beside a corpus that are not news: skipped in a folder walk, with the reason.
printf '# Notes on this invented corpus\n\nNothing here is news.\n' > "$BAD/good/README.md"
printf '#!/bin/sh\necho regenerate\n' > "$BAD/good/make.sh"
printf 'hidden\n' > "$BAD/good/.notes.txt"

# Memory bound: the 200 MB file must not be read into memory (ulimit on virtual memory would
# break ASan, so measure peak RSS with /usr/bin/time when present).
run() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%M" -o "$WORK/rss" "$SITREP" "$@"
  else
    "$SITREP" "$@"
  fi
}
run ingest --db "$WORK/s.db" "$BAD" >"$WORK/out" 2>"$WORK/err"
rc=$?
cat "$WORK/err"
cat "$WORK/out"
[ $rc -eq 1 ] || fail "exit status $rc, expected 1 (finished with rejected inputs)"
grep -q "internal error" "$WORK/err" && fail "internal error reported"

expect_reject() {  # $1 = file name pattern, $2 = reason pattern
  grep -E "rejected .*$1.*: .*$2" "$WORK/err" >/dev/null || fail "no rejection line for $1 matching '$2'"
}
for f in $(ls "$BAD"); do :; done
expect_reject "empty" "empty"
expect_reject "\.pdf" "binary"
expect_reject "\.png" "binary"
expect_reject "truncated" "truncated"
expect_reject "big" "max-document-bytes"
expect_reject "malformed\.jsonl" "line 3: invalid JSON"
expect_reject "dangling" "dangling symlink"
expect_reject "pipe\.txt" "FIFO"
expect_reject "README\.md" "skipped in a folder: \.md is documentation"
expect_reject "make\.sh" "skipped in a folder: \.sh"
expect_reject "\.notes\.txt" "hidden file"
if [ "$(id -u)" != 0 ]; then expect_reject "locked" "denied"; fi

# Each rejection is one line naming the input.
while IFS= read -r line; do
  case "$line" in
    "sitrep: rejected "*": "*) ;;
    *) fail "unexpected stderr line: $line" ;;
  esac
done < "$WORK/err"

# The good documents and the good JSON lines are stored.
docs=$("$SITREP" stats --db "$WORK/s.db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
[ "$docs" -ge 4 ] || fail "only $docs documents stored"
grep -q "rejected:" "$WORK/out" || fail "summary has no rejected line"

# Inputs that are damaged but readable are stored, each with the warning that says what is wrong.
doc_json() {  # $1 = input file name: the stored document's JSON, via search on its path
  "$SITREP" analyze "$BAD/$1"
}
warning_of() {  # $1 = file, $2 = warning code
  doc_json "$1" | python3 -c 'import json,sys
code=sys.argv[1]
d=json.loads(sys.stdin.readline())
sys.exit(0 if any(w["code"]==code for w in d["warnings"]) else 1)' "$2" || fail "$1: no $2 warning"
}
warning_of invalid-utf8.txt invalid_encoding
doc_json invalid-utf8.txt | grep "Djalal-Abad" >/dev/null || fail "invalid-utf8.txt: valid text around the bad bytes lost"
warning_of deep.html html_depth_capped
expect_reject "no-article" "no article text"

if [ -f "$WORK/rss" ]; then
  rss_kb=$(tail -n 1 "$WORK/rss")  # time(1) may prefix a "Command exited with non-zero status" line
  # The binary's own footprint (tables, gazetteer; about twice as much under ASan): the same
  # ingest with the 200 MB page set aside. Reading the page would add 200 MB or more to it.
  mv "$BAD/big.txt" "$WORK/big.txt"
  run ingest --db "$WORK/base.db" "$BAD" >/dev/null 2>&1
  mv "$WORK/big.txt" "$BAD/big.txt"
  base_kb=$(tail -n 1 "$WORK/rss")
  echo "peak RSS: ${rss_kb} KB (${base_kb} KB without the 200 MB page)"
  [ "$rss_kb" -lt $((base_kb + 150000)) ] ||
    fail "peak RSS ${rss_kb} KB, ${base_kb} KB without it: the 200 MB page was read into memory"
fi

# Re-ingesting changes nothing and says so.
"$SITREP" ingest --db "$WORK/s.db" "$BAD/good" >"$WORK/out2" 2>&1
grep -Eq "0 stored, 2 duplicates" "$WORK/out2" || { cat "$WORK/out2"; fail "re-ingest stored something"; }
docs2=$("$SITREP" stats --db "$WORK/s.db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
[ "$docs2" = "$docs" ] || fail "document count changed on re-ingest: $docs -> $docs2"
echo "PASS"
