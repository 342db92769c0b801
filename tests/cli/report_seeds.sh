#!/usr/bin/env bash
# Issue 6, "what it must show" 2: `sitrep report` on the five seeds (../shared/seeds, real French
# pages about one crisis; not in this repository) gives ONE story whose ledger shows the police
# deaths and the arrests, reported by several documents and outlets, with dates. Skips with a
# message when the seeds are absent.
#
# What the seeds allow (see the report in docs/ARCHITECTURE.md "Reports and exports"): three of
# the five files carry no publication date and no resolvable absolute date, so their reports are
# listed undated and not counted (sitrep never guesses a date); two name no outlet at all.
# Usage: report_seeds.sh SITREP_BINARY SOURCE_DIR
set -uo pipefail
SITREP="$1"
SRC="$2"
SEEDS="$SRC/../shared/seeds"
if [ ! -d "$SEEDS" ] || [ -z "$(ls -A "$SEEDS" 2>/dev/null)" ]; then
  echo "SKIP: $SEEDS is absent (the five seed pages are not part of the repository)"
  exit 0
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$SITREP" ingest --quiet --db "$WORK/seeds.db" "$SEEDS" >"$WORK/ingest.out" 2>&1
rc=$?; [ $rc -le 1 ] || fail "ingest of the seeds exited $rc: $(cat "$WORK/ingest.out")"
"$SITREP" report --db "$WORK/seeds.db" --html "$WORK/seeds.html" 2>"$WORK/report.err" \
  || fail "report exited $?: $(cat "$WORK/report.err")"
"$SITREP" report --db "$WORK/seeds.db" --format md >"$WORK/seeds.md" 2>"$WORK/report.err" \
  || fail "report --format md exited $?: $(cat "$WORK/report.err")"
"$SITREP" stories --db "$WORK/seeds.db" --json >"$WORK/stories.jsonl" 2>&1 || fail "stories --json"
"$SITREP" ledger --db "$WORK/seeds.db" --json >"$WORK/ledger.jsonl" 2>&1 || fail "ledger --json"

python3 - "$WORK" <<'PY' || fail "the seeds' report does not show what issue 6 asks"
import json, re, sys
work = sys.argv[1]
stories = [json.loads(l) for l in open(work + "/stories.jsonl", encoding="utf-8")]
assert len(stories) == 1, "expected one story, got %d" % len(stories)
story = stories[0]
ndocs = len(story.get("documents", []))
assert ndocs == 5, "the story holds %d of the 5 seeds" % ndocs
page = open(work + "/seeds.html", encoding="utf-8").read()
assert page.count('<section id="story-') == 1, "the report has more than one story"

facts = [json.loads(l) for l in open(work + "/ledger.jsonl", encoding="utf-8")]
def show(q, groups):
    reports = [r for f in facts if f["quantity"] == q and f["group"] in groups for r in f["reports"]
               if r["value"] is not None or r["artifact"] is not None]
    docs = {r["doc"] for r in reports}
    outlets = {r["outlet"] for r in reports if r["outlet"]}
    dated = [r for r in reports if r["day"]]
    print("%s/%s: %d reports, %d documents, outlets %s, %d dated (%s)" % (
        q, "+".join(groups), len(reports), len(docs), sorted(outlets), len(dated),
        ", ".join(sorted({r["day"] for r in dated}))))
    return reports, docs, outlets, dated
# Police deaths: reported by several documents and outlets, at least one dated.
reports, docs, outlets, dated = show("killed", ["security_forces"])
assert len(docs) >= 2, "police deaths from fewer than two documents"
assert len(outlets) >= 2, "police deaths from fewer than two outlets"
assert dated, "no dated report of police deaths"
assert any(r["counted"] and r["value"] for r in reports), "no counted figure of police deaths"
# Arrests: several documents, at least one dated, counted.
reports, docs, outlets, dated = show("detained", ["protesters", "unspecified", "armed_group", "total"])
assert len(docs) >= 2, "arrests from fewer than two documents"
assert dated and any(r["counted"] for r in reports), "no dated, counted report of arrests"
# And the report shows both in its ledger, with their dates.
assert re.search(r"killed / security_forces", page), "no police deaths in the report's ledger"
assert re.search(r"detained / \w+", page), "no arrests in the report's ledger"
assert "2022-01-07" in page, "no date in the report"
PY
echo "ok"
