#!/usr/bin/env bash
# Runs `sitrep analyze` with two binaries over the reference sets and says, set by set, whether
# their output is byte-identical; where it is not, which documents differ and in which fields.
# For changes meant to keep every output (speed work) and for reading what a rule change moved.
#
# Usage: scripts/compare-analyze.sh OLD_SITREP NEW_SITREP [OUT_DIR]
#   OLD_SITREP, NEW_SITREP  two sitrep binaries (e.g. one built from a worktree of the previous
#                           commit, and build/sitrep)
#   OUT_DIR                 where the outputs are kept for a closer look (default: a temp dir)
# Environment: OLD_RESOURCES, NEW_RESOURCES (default: resources/ of this checkout, for both);
#   SITREP_GAZETTEER (default: build/resources/gazetteer.tsv when present, for both binaries, so
#   that a binary built elsewhere reads the same cities).
# The sets: examples/ always; ../shared/seeds, ../shared/data/clustering-ecbplus and
# ../shared/data/extraction-dev/html when present (skipped with a message when absent).
# Exit status: 0 when every set is identical, 1 when one differs, 2 on a usage error.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
if [ $# -lt 2 ]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
OLD=$1
NEW=$2
OUT=${3:-$(mktemp -d)}
for bin in "$OLD" "$NEW"; do
  if [ ! -x "$bin" ]; then echo "compare-analyze: $bin is not an executable" >&2; exit 2; fi
done
OLD_RES=${OLD_RESOURCES:-$ROOT/resources}
NEW_RES=${NEW_RESOURCES:-$ROOT/resources}
if [ -z "${SITREP_GAZETTEER:-}" ] && [ -f "$ROOT/build/resources/gazetteer.tsv" ]; then
  export SITREP_GAZETTEER="$ROOT/build/resources/gazetteer.tsv"
fi
mkdir -p "$OUT/old" "$OUT/new"

SHARED="$ROOT/../shared"
SETS=("examples|$ROOT/examples")
for entry in "seeds|$SHARED/seeds" "ecbplus|$SHARED/data/clustering-ecbplus/documents.jsonl" \
             "extraction-dev|$SHARED/data/extraction-dev/html"; do
  path=${entry#*|}
  if [ -e "$path" ]; then SETS+=("$entry"); else echo "compare-analyze: ${entry%%|*}: $path absent, skipped"; fi
done

status=0
for entry in "${SETS[@]}"; do
  name=${entry%%|*}
  path=${entry#*|}
  # Exit status 1 means "some input rejected": the outputs are still compared.
  "$OLD" --resources "$OLD_RES" analyze "$path" > "$OUT/old/$name.jsonl" 2> "$OUT/old/$name.err" || true
  "$NEW" --resources "$NEW_RES" analyze "$path" > "$OUT/new/$name.jsonl" 2> "$OUT/new/$name.err" || true
  if cmp -s "$OUT/old/$name.jsonl" "$OUT/new/$name.jsonl"; then
    echo "$name: identical ($(wc -l < "$OUT/new/$name.jsonl") documents)"
    continue
  fi
  status=1
  echo "$name: DIFFERENT"
  python3 - "$OUT/old/$name.jsonl" "$OUT/new/$name.jsonl" <<'PY'
import json, sys
def load(path):
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                docs.append(json.loads(line))
    return docs
old, new = load(sys.argv[1]), load(sys.argv[2])
if len(old) != len(new):
    print(f"  {len(old)} documents before, {len(new)} after")
shown = 0
for a, b in zip(old, new):
    if a == b:
        continue
    shown += 1
    if shown > 20:
        continue
    where = a.get("input", {}).get("path", "?")
    record = a.get("input", {}).get("record")
    if record is not None:
        where += f" #{record}"
    fields = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    counts = []
    for k in fields:
        if isinstance(a.get(k), list) and isinstance(b.get(k), list):
            counts.append(f"{k} {len(a[k])}->{len(b[k])}")
        else:
            counts.append(f"{k} {json.dumps(a.get(k), ensure_ascii=False)[:40]}->{json.dumps(b.get(k), ensure_ascii=False)[:40]}")
    print(f"  {where}: " + "; ".join(counts))
if shown > 20:
    print(f"  ... {shown - 20} more documents differ")
PY
done
echo "outputs kept in $OUT"
exit $status
