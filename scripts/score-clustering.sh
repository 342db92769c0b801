#!/usr/bin/env bash
# Story clustering quality on a labelled JSON Lines set (issue 5): B-cubed and pairwise
# precision/recall/F1 of `sitrep stories` against `topic` (story level) and `subtopic` (event
# level). Default set: ../shared/data/clustering-ecbplus (982 English articles, 43 topics,
# 86 events). Dates are ignored (--ignore-dates): the set gives none, and the dates our time
# finder reads in the texts would split topics that hold events years apart.
#
# Usage: scripts/score-clustering.sh [SITREP_BINARY] [DOCUMENTS.jsonl]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/build/sitrep}"
data="${2:-$here/../shared/data/clustering-ecbplus/documents.jsonl}"
[ -f "$data" ] || { echo "no labelled set at $data" >&2; exit 3; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin" ingest -q --no-stories --db "$tmp/s.db" "$data" > /dev/null
start=$(date +%s.%N)
"$bin" stories --db "$tmp/s.db" --rebuild --ignore-dates --json > "$tmp/stories.jsonl"
end=$(date +%s.%N)
python3 - "$data" "$tmp/s.db" "$tmp/stories.jsonl" "$start" "$end" <<'PY'
import json, sqlite3, sys
from collections import Counter, defaultdict
data, db, stories, start, end = sys.argv[1:]
gold = [json.loads(l) for l in open(data, encoding="utf-8")]
rec = dict(sqlite3.connect(db).execute("SELECT id, record FROM documents"))
story, event = {}, {}
for line in open(stories, encoding="utf-8"):
    s = json.loads(line)
    for d in s["documents"]:
        story[rec[d["id"]]] = s["id"]
        event[rec[d["id"]]] = d["event"]
def score(pred, truth):
    items = [i for i in truth if i in pred]
    pc, tc = defaultdict(set), defaultdict(set)
    for i in items:
        pc[pred[i]].add(i); tc[truth[i]].add(i)
    p = sum(len(pc[pred[i]] & tc[truth[i]]) / len(pc[pred[i]]) for i in items) / len(items)
    r = sum(len(pc[pred[i]] & tc[truth[i]]) / len(tc[truth[i]]) for i in items) / len(items)
    tp = sum(n * (n - 1) // 2 for n in Counter((pred[i], truth[i]) for i in items).values())
    pp = sum(len(c) * (len(c) - 1) // 2 for c in pc.values())
    tt = sum(len(c) * (len(c) - 1) // 2 for c in tc.values())
    pf = 2 * tp / (pp + tt) if pp + tt else 1.0
    return p, r, 2 * p * r / (p + r), pf, len(pc), len(tc)
topic = {i: g["topic"] for i, g in enumerate(gold)}
sub = {i: g["subtopic"] for i, g in enumerate(gold)}
print(f"documents {len(story)} of {len(gold)}; clustering {float(end) - float(start):.2f} s")
for name, pred, truth in (("topic/story", story, topic), ("subtopic/event", event, sub)):
    p, r, f, pf, n, m = score(pred, truth)
    print(f"{name:15s} B3 P {p:.3f} R {r:.3f} F1 {f:.3f}  pairwise F1 {pf:.3f}  clusters {n} (gold {m})")
PY
