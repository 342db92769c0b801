#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the main job on the
# bundled (invented) sample corpus in examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
rm -f out/sample.db out/sample.db-wal out/sample.db-shm
mkdir -p out
echo
echo "== sitrep ingest examples/ (an invented crisis, see examples/README.md)"
set +e
build/sitrep ingest --db out/sample.db examples/text examples/html examples/feeds examples/jsonl examples/telegram
rc=$?
set -e
# Exit code 1 = some inputs were rejected; the sample holds none that should be.
if [ $rc -ne 0 ]; then echo "sitrep setup: ingest exited with $rc" >&2; exit $rc; fi
echo
echo "== sitrep stats"
build/sitrep stats --db out/sample.db
echo
echo "== sitrep stories (documents grouped by what they report, with relays)"
build/sitrep stories --db out/sample.db
echo
echo "== sitrep ledger (every figure per story: reports in date order, status, estimate)"
build/sitrep ledger --db out/sample.db > out/sample-ledger.txt
build/sitrep ledger --db out/sample.db --json > out/sample-ledger.jsonl
echo "written: out/sample-ledger.txt and out/sample-ledger.jsonl ($(wc -l < out/sample-ledger.txt) lines)"
echo
echo "Store: out/sample.db. Try: build/sitrep search --db out/sample.db curfew"
echo "     build/sitrep timeline --db out/sample.db;  build/sitrep entities --db out/sample.db"
echo
echo "== sitrep report (the situation report of the sample: one self-contained HTML file)"
build/sitrep report --db out/sample.db --html out/sitrep.html
echo
echo "Situation report of the sample: $(pwd)/out/sitrep.html"
echo "  (one file, no script, no network: open it in any browser, e.g. xdg-open out/sitrep.html)"
echo "Live web UI over the same store:  build/sitrep serve --db out/sample.db"
echo "  (then open http://127.0.0.1:8080/ ; Markdown: build/sitrep report --db out/sample.db --format md)"
