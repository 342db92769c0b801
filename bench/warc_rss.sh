#!/usr/bin/env bash
# Peak memory while reading a 1 GB WARC: the WARC path must stream (peak RSS under 300 MB).
# Generates bench/out/big.warc (about 1 GB of response records carrying HTML pages, each page made
# unique so nothing is skipped as a duplicate) unless it exists, then runs
# `sitrep analyze` over it with output discarded, under /usr/bin/time.
# Usage: bench/warc_rss.sh [SITREP_BINARY] [SIZE_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
SITREP="${1:-build/sitrep}"
SIZE_MB="${2:-1024}"
OUT=bench/out
mkdir -p "$OUT"
WARC="$OUT/big-${SIZE_MB}.warc"
if [ ! -f "$WARC" ]; then
  python3 - "$WARC" "$SIZE_MB" <<'PY'
import glob, os, sys
path, size_mb = sys.argv[1], int(sys.argv[2])
pages = [open(p, "rb").read() for p in sorted(glob.glob("examples/html/*.html"))]
if not pages:
    body = b"<p>" + b"Les dockers de Port-Valmont ont poursuivi la greve. " * 40 + b"</p>"
    pages = [b"<html><head><title>Page</title></head><body><article>" + body * 5 +
             b"</article></body></html>"]
target = size_mb * 1024 * 1024
written = i = 0
with open(path, "wb") as f:
    while written < target:
        page = pages[i % len(pages)].replace(b"</body>", b"<p>Record %d.</p></body>" % i)
        http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: %d\r\n\r\n" % len(page)) + page
        head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a/%d\r\n"
                b"WARC-Date: 2025-03-12T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:%08d>\r\n"
                b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
                % (i, i, len(http)))
        rec = head + http + b"\r\n\r\n"
        f.write(rec)
        written += len(rec)
        i += 1
print(f"wrote {path}: {written/1e6:.0f} MB, {i} records")
PY
fi
echo "reading $WARC ($(du -m "$WARC" | cut -f1) MB)"
/usr/bin/time -f "elapsed %e s, peak RSS %M KB" "$SITREP" analyze "$WARC" > /dev/null
