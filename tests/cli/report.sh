#!/usr/bin/env bash
# CLI test of `sitrep report` and `sitrep export` (issue 6): hostile article text renders inert
# in HTML and Markdown, and every export parses (JSON Lines, CSV through python's csv module,
# GeoJSON, ACLED columns in ACLED's order). Runs on tests/fixtures/report/ (our own hostile
# fixtures) and on the bundled sample in examples/.
# Usage: report.sh SITREP_BINARY SOURCE_DIR
set -uo pipefail
SITREP="$1"
SRC="$2"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

for cmd in report export; do
  "$SITREP" "$cmd" --help >"$WORK/help" 2>&1 || fail "$cmd --help exited non-zero"
  grep -q "Example" "$WORK/help" || fail "$cmd --help has no example"
done

"$SITREP" ingest --db "$WORK/hostile.db" "$SRC/tests/fixtures/report" >"$WORK/ingest.out" 2>&1 \
  || fail "ingest of the hostile fixtures exited $?: $(cat "$WORK/ingest.out")"
"$SITREP" report --db "$WORK/hostile.db" --html "$WORK/hostile.html" 2>"$WORK/report.err" \
  || fail "report --html exited $?: $(cat "$WORK/report.err")"
"$SITREP" report --db "$WORK/hostile.db" --format md >"$WORK/hostile.md" 2>"$WORK/report.err" \
  || fail "report --format md exited $?: $(cat "$WORK/report.err")"

python3 - "$WORK/hostile.html" "$WORK/hostile.md" <<'PY' || fail "hostile text is not inert"
import html.parser, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
md = open(sys.argv[2], encoding="utf-8").read()
low = page.lower()
# The fixtures' text did reach the report (as text), so the checks below mean something.
assert "alert(2)" in page and "onerror" in page and "javascript:" in page, "fixture text missing"
assert "<script" not in low, "a <script tag in the report"
assert re.search(r"<[a-z][^>]*\son[a-z]+\s*=", low) is None, "an event handler attribute"
ALLOWED = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "p", "ul",
           "li", "a", "b", "code", "span", "table", "tr", "th", "td", "div", "section", "mark",
           "br", "svg", "circle", "text", "polyline"}
ids, hrefs = set(), []
class P(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        assert tag in ALLOWED, "unexpected tag <%s>" % tag
        for k, v in attrs:
            assert not k.startswith("on"), (tag, k)
            if k == "id": ids.add(v)
            if k == "href": hrefs.append(v)
            if k in ("src", "action", "formaction", "xlink:href"): raise AssertionError((tag, k))
P().feed(page)
assert hrefs, "no links at all"
for h in hrefs:
    assert h.startswith("#"), "link out of the file: %r" % h
    assert h[1:] in ids, "dangling link %r" % h
assert "<mark>" in page and 'id="sn-0"' in page, "no snippet section"
# Markdown: no raw HTML and no link or image syntax from the text.
assert "<" not in md, "raw HTML in the Markdown"
assert "](" not in md, "a Markdown link from the text"
assert "alert" in md, "fixture text missing from the Markdown"
PY

check_exports() {  # DB TAG
  for f in json csv geojson acled; do
    "$SITREP" export --db "$1" --format "$f" --output "$WORK/$2.$f" 2>"$WORK/$2.$f.err" \
      || fail "export --format $f ($2) exited $?: $(cat "$WORK/$2.$f.err")"
  done
  grep -q "without coordinates left out" "$WORK/$2.geojson.err" || fail "geojson: no count on stderr"
  python3 - "$WORK/$2" <<'PY' || fail "exports of $2 do not parse"
import csv, json, sys
base = sys.argv[1]
lines = [json.loads(l) for l in open(base + ".json", encoding="utf-8")]
events = [l for l in lines if l["schema"] == "sitrep.event/1"]
assert events, "no events exported"
assert all(l["schema"] in ("sitrep.event/1", "sitrep.ledger/1") for l in lines)
rows = list(csv.reader(open(base + ".csv", encoding="utf-8", newline="")))
assert rows[0][:5] == ["story", "event_id", "day", "dated_by_event", "type"], rows[0]
assert len(rows) == len(events) + 1, (len(rows), len(events))
assert all(len(r) == len(rows[0]) for r in rows)
for r, e in zip(rows[1:], events):
    assert r[1] == e["id"] and r[4] == e["type"], (r, e)
g = json.load(open(base + ".geojson", encoding="utf-8"))
assert g["type"] == "FeatureCollection" and isinstance(g["features"], list)
for f in g["features"]:
    lon, lat = f["geometry"]["coordinates"]
    assert f["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
ACLED = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
         "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
         "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
         "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
         "source_scale", "notes", "fatalities", "tags", "timestamp"]
a = list(csv.reader(open(base + ".acled", encoding="utf-8", newline="")))
assert a[0] == ACLED, a[0]
assert len(a) == len(events) + 1
TYPES = {"Protests", "Riots", "Battles", "Violence against civilians", "Strategic developments"}
for r in a[1:]:
    assert len(r) == len(ACLED)
    assert r[ACLED.index("event_type")] in TYPES, r
    assert r[ACLED.index("fatalities")].isdigit(), r
PY
}
check_exports "$WORK/hostile.db" hostile

# The bundled sample: report and exports of a real (invented) crisis.
"$SITREP" ingest --db "$WORK/sample.db" "$SRC/examples/text" "$SRC/examples/html" \
  "$SRC/examples/feeds" "$SRC/examples/jsonl" "$SRC/examples/telegram" >"$WORK/ingest.out" 2>&1
rc=$?; [ $rc -le 1 ] || fail "ingest of examples exited $rc"
"$SITREP" report --db "$WORK/sample.db" --html "$WORK/sample.html" 2>"$WORK/report.err" \
  || fail "report of the sample exited $?: $(cat "$WORK/report.err")"
grep -q "Claims ledger" "$WORK/sample.html" || fail "sample report has no ledger"
grep -qi "<script" "$WORK/sample.html" && fail "sample report has a script"
check_exports "$WORK/sample.db" sample
"$SITREP" report --db "$WORK/sample.db" --story s000000000000 --format md >/dev/null 2>&1
[ $? -eq 3 ] || fail "unknown --story should exit 3"
echo "ok"
