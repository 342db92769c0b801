#!/usr/bin/env bash
# Writes a larger corpus made from the team's invented fixtures in examples/ (text dumps and HTML
# pages): COPIES copies of each, every copy made a distinct document by one added line naming
# the copy, so each file is a new document for the store. The feeds, JSON Lines and Telegram
# export go in once (copy 0). Everything stays invented, like examples/.
# Usage: make_corpus.sh SOURCE_DIR OUT_DIR COPIES
set -euo pipefail
SRC="$1"
OUT="$2"
COPIES="$3"
mkdir -p "$OUT"
for ((k = 0; k < COPIES; k++)); do
  dir="$OUT/copy$k"
  mkdir -p "$dir"
  for f in "$SRC"/examples/text/*.txt; do
    { cat "$f"; printf '\n(bench copy %d of %s)\n' "$k" "$(basename "$f")"; } >"$dir/$(basename "$f")"
  done
  for f in "$SRC"/examples/html/*.html; do
    # The line goes inside the body, before </body>, so the HTML reader keeps it as text.
    LC_ALL=C sed "s|</body>|<p>(bench copy $k)</p></body>|" "$f" >"$dir/$(basename "$f")"
  done
done
mkdir -p "$OUT/copy0/once"
cp -r "$SRC/examples/feeds" "$SRC/examples/jsonl" "$SRC/examples/telegram" "$OUT/copy0/once/"
