#!/bin/sh
# Regenerates the windows-1251 example page from its UTF-8 source.
#
# Source: examples/tools/ru-vestnik-alatoo-2025-03-14.utf8.html.in (UTF-8, edit this one;
#         it already declares <meta charset="windows-1251"> because that is what the output says).
# Output: examples/html/ru-vestnik-alatoo-2025-03-14.html (windows-1251, committed too, so that
#         nobody needs iconv to use the corpus).
# The source keeps a ".in" suffix so that `sitrep ingest examples/` does not read the page twice.
# Usage: sh examples/tools/make-cp1251.sh        (from anywhere; idempotent)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/ru-vestnik-alatoo-2025-03-14.utf8.html.in"
out="$here/../html/ru-vestnik-alatoo-2025-03-14.html"
tmp="$out.tmp.$$"
# No //TRANSLIT or -c: every character must exist in windows-1251, and a failure must be loud.
iconv -f UTF-8 -t WINDOWS-1251 "$src" > "$tmp"
mv "$tmp" "$out"
# Sanity check: the result must not be valid UTF-8 any more (Cyrillic bytes are 0xC0-0xFF),
# and must round-trip to the same text.
if iconv -f UTF-8 -t UTF-8 "$out" > /dev/null 2>&1; then
  echo "make-cp1251: output is still valid UTF-8, conversion did nothing?" >&2
  exit 1
fi
iconv -f WINDOWS-1251 -t UTF-8 "$out" | cmp -s - "$src" || {
  echo "make-cp1251: round trip differs from the source" >&2
  exit 1
}
echo "wrote $out ($(wc -c < "$out") bytes, windows-1251)"
