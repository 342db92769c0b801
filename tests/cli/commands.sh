#!/usr/bin/env bash
# CLI test: every subcommand's --help, analyze's JSON contract, ingest/show/search/stats on a
# small corpus written here, idempotent re-ingest, and the documented exit codes.
# Usage: commands.sh SITREP_BINARY SOURCE_DIR
set -uo pipefail
SITREP="$1"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

for cmd in ingest analyze show search stats extract entities stories ledger timeline; do
  "$SITREP" "$cmd" --help >"$WORK/help" 2>&1 || fail "$cmd --help exited non-zero"
  grep -qi "example" "$WORK/help" || grep -qi "usage" "$WORK/help" || fail "$cmd --help teaches nothing"
done
# Through a file, not a pipe: `grep -q` stops reading at the match, and the lines still being
# written after it would kill sitrep with SIGPIPE (a failure under pipefail).
"$SITREP" --help >"$WORK/top-help" 2>&1 || fail "--help exited non-zero"
grep -q "Exit codes" "$WORK/top-help" || fail "top-level --help does not document exit codes"
"$SITREP" >/dev/null 2>&1; [ $? -eq 2 ] || fail "no subcommand should exit 2"
"$SITREP" ingest >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing argument should exit 2"

mkdir -p "$WORK/in"
cat > "$WORK/in/fr.txt" <<'TXT'
Grève des dockers à Port-Valmont : le port reste fermé

Les dockers de Port-Valmont ont poursuivi mardi leur grève contre la baisse des salaires. Selon le syndicat, près de deux mille travailleurs ont cessé le travail depuis lundi.

La direction du port a annoncé qu'aucun navire ne serait déchargé avant la fin de la semaine.
TXT
cat > "$WORK/in/ru.txt" <<'TXT'
Забастовка в порту Валмонт продолжается

Портовые рабочие Валмонта во вторник продолжили забастовку. По данным профсоюза, работу прекратили около двух тысяч человек.
TXT
cat > "$WORK/in/en.html" <<'HTML'
<!doctype html><html lang="en"><head><title>Dock strike enters second day - Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2025-03-11T09:30:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Dock strike enters second day</h1>
<p>Dock workers in Port-Valmont stayed off the job on Tuesday, the union said, as talks over pay cuts stalled again.</p>
<p>About two thousand workers have joined the strike since Monday, according to union officials, and no ship has been unloaded.</p>
</article><footer>Copyright Harbour Times</footer></body></html>
HTML

"$SITREP" analyze "$WORK/in" >"$WORK/analyze.jsonl" 2>"$WORK/analyze.err" || fail "analyze exited $?: $(cat "$WORK/analyze.err")"
python3 - "$WORK/analyze.jsonl" <<'PY' || fail "analyze output breaks the contract"
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(docs) == 3, len(docs)
for d in docs:
    assert d["schema"] == "sitrep.document/1"
    text = d["text"].encode("utf-8")
    for z in d["zones"]:
        assert 0 <= z["start"] <= z["end"] <= len(text), z
        assert z["kind"] in {"title", "body", "related", "comment", "boilerplate"}
    assert d["published"]["source"] in {"metadata", "text", "comments", "none"}
    assert d["input"]["format"] in {"text", "html"}
by = {d["input"]["path"].rsplit("/", 1)[-1]: d for d in docs}
assert by["fr.txt"]["language"] == "fr", by["fr.txt"]["language"]
assert by["ru.txt"]["language"] == "ru", by["ru.txt"]["language"]
assert by["en.html"]["language"] == "en"
assert by["en.html"]["outlet"] == "Harbour Times"
assert by["en.html"]["published"] == {"value": "2025-03-11T09:30", "source": "metadata"}, by["en.html"]["published"]
body = [d["text"].encode()[z["start"]:z["end"]].decode() for d in [by["en.html"]] for z in d["zones"] if z["kind"] == "body"]
assert any("two thousand workers" in b for b in body), body
assert not any("Home" in b for b in body), body
PY

"$SITREP" ingest --db "$WORK/s.db" "$WORK/in" >"$WORK/ingest1" 2>&1 || fail "ingest exited $?: $(cat "$WORK/ingest1")"
grep -q "3 read, 3 stored, 0 duplicates" "$WORK/ingest1" || fail "first ingest summary: $(cat "$WORK/ingest1")"
"$SITREP" ingest --db "$WORK/s.db" "$WORK/in" >"$WORK/ingest2" 2>&1 || fail "re-ingest exited $?"
grep -q "3 read, 0 stored, 3 duplicates" "$WORK/ingest2" || fail "re-ingest summary: $(cat "$WORK/ingest2")"
"$SITREP" ingest --json --db "$WORK/s.db" "$WORK/in" | python3 -c 'import json,sys; j=json.load(sys.stdin); assert j["duplicates"]==3 and j["stored"]==0, j' \
  || fail "ingest --json summary"

n=$("$SITREP" stats --db "$WORK/s.db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
[ "$n" = "3" ] || fail "stats --json documents = $n"
"$SITREP" stats --db "$WORK/s.db" | grep "by language" >/dev/null || fail "stats text output"

"$SITREP" search --db "$WORK/s.db" --json dockers >"$WORK/hits" || fail "search exited $?"
[ "$(wc -l < "$WORK/hits")" = "1" ] || fail "search dockers: $(cat "$WORK/hits")"
id=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$WORK/hits")
"$SITREP" search --db "$WORK/s.db" "забастовку" >/dev/null || fail "Cyrillic search found nothing"
"$SITREP" search --db "$WORK/s.db" 'greve' >/dev/null || fail "accent-insensitive search found nothing"
"$SITREP" search --db "$WORK/s.db" 'nothingmatchesthis' >/dev/null 2>&1; [ $? -eq 3 ] || fail "no hit should exit 3"
"$SITREP" search --db "$WORK/s.db" '"unbalanced' >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad query should exit 2"

"$SITREP" show --db "$WORK/s.db" "${id:0:10}" >"$WORK/show" || fail "show by prefix exited $?"
grep -q "^--- body" "$WORK/show" || fail "show prints no body zone"
"$SITREP" show --db "$WORK/s.db" --json "$id" | python3 -c 'import json,sys; assert json.load(sys.stdin)["schema"]=="sitrep.document/1"' || fail "show --json"
"$SITREP" show --db "$WORK/s.db" dffffffffffff >/dev/null 2>&1; [ $? -eq 3 ] || fail "unknown id should exit 3"

# entities: one table across documents, every spelling kept (France / Франция -> loc:france).
mkdir -p "$WORK/ent"
printf 'Strike talks\n\nDock unions from France met on Monday. France sent a mediator.\n' > "$WORK/ent/en.txt"
printf 'Переговоры\n\nФранция направила посредника в порт.\n' > "$WORK/ent/ru.txt"
"$SITREP" ingest --db "$WORK/e.db" "$WORK/ent" "$WORK/ent" >/dev/null 2>&1 || fail "ingest for entities exited $?"
"$SITREP" entities --db "$WORK/e.db" --json franc | python3 -c 'import json,sys; e=[json.loads(l) for l in sys.stdin]; assert len(e)==1 and e[0]["id"]=="loc:france" and e[0]["type"]=="location" and e[0]["documents"]==2 and e[0]["mentions"]==3, e; assert {v["text"] for v in e[0]["variants"]}=={"France","Франция"}, e' \
  || fail "entities --json france"
"$SITREP" entities --db "$WORK/e.db" | grep "^loc:france  location  France  (2 docs, 3 mentions)" >/dev/null || fail "entities text output"
"$SITREP" entities --db "$WORK/e.db" nobodyatall >/dev/null 2>&1; [ $? -eq 3 ] || fail "entities with no match should exit 3"

# ledger: the outlet column is cut and padded by characters (a byte cut split Cyrillic letters
# and misaligned the columns).
mkdir -p "$WORK/led"
cat > "$WORK/led/wire.jsonl" <<'JSONL'
{"url": "https://vestnik.example/a1", "title": "Задержания в порту Валмонт", "published": "2025-03-11", "outlet": "Вестник Портового Союза Валмонта и Окрестностей", "language": "ru", "text": "Задержания в порту Валмонт\n\nПо данным полиции, в порту Валмонт задержаны 300 человек."}
{"url": "https://harbour.example/b2", "title": "Arrests at Port-Valmont", "published": "2025-03-12", "outlet": "Harbour Times", "language": "en", "text": "Arrests at Port-Valmont\n\nPolice said 300 people were detained at the port of Port-Valmont."}
JSONL
"$SITREP" ingest --db "$WORK/l.db" "$WORK/led" >/dev/null 2>&1 || fail "ingest for ledger exited $?"
"$SITREP" ledger --db "$WORK/l.db" >"$WORK/ledger.txt" 2>&1 || fail "ledger exited $?"
python3 - "$WORK/ledger.txt" <<'PY' || fail "ledger columns are not cut and padded by characters"
import sys
text = open(sys.argv[1], "rb").read().decode("utf-8")  # strict: a split letter fails here
rows = [l for l in text.splitlines() if l.startswith("    2025-")]
assert len(rows) >= 2, text
cols = {l.index("according to") for l in rows if "according to" in l}
assert len(cols) == 1 and len(rows) == sum("according to" in l for l in rows), text
assert any("\u2026" in l for l in rows), text  # the long outlet is cut with an ellipsis
PY

echo "garbage" > "$WORK/notastore.db"
"$SITREP" entities --db "$WORK/notastore.db" >/dev/null 2>&1; [ $? -eq 4 ] || fail "entities on a non-store file should exit 4"
"$SITREP" stats --db "$WORK/notastore.db" >/dev/null 2>&1; [ $? -eq 4 ] || fail "a non-store file should exit 4"
echo PASS
