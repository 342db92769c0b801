#!/usr/bin/env bash
# Test of `sitrep serve` over real HTTP (issue 6 web UI, issue 7 robustness): the API's status
# codes and JSON shapes on the bundled sample plus our invented XSS article, 400/404/405 JSON
# errors, the security headers (strict CSP), the embedded UI and map files, and survival of
# hostile requests sent raw over a socket (garbage bytes, huge and numerous headers, bad
# percent-encoding, NUL bytes, an endless request line, half requests, a slow client): after
# each, the server still answers. Also: non-loopback --bind warns; a missing store is exit 4.
# Usage: serve_api.sh SITREP_BINARY SOURCE_DIR
set -uo pipefail
SITREP="$1"
SRC="$2"
WORK=$(mktemp -d)
source "$SRC/tests/server/serve_lib.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$SITREP" serve --help >"$WORK/help" 2>&1 || fail "serve --help exited non-zero"
grep -q "Example" "$WORK/help" || fail "serve --help has no example"
"$SITREP" serve --db "$WORK/none.db" --port 0 2>"$WORK/none.err"
[ $? -eq 4 ] || fail "a missing store should be exit 4"
grep -q "no store" "$WORK/none.err" || fail "no message for a missing store: $(cat "$WORK/none.err")"

"$SITREP" ingest --db "$WORK/s.db" "$SRC/examples" "$SRC/tests/fixtures/serve" >"$WORK/ingest.out" 2>&1
[ $? -le 1 ] || fail "ingest exited $?: $(cat "$WORK/ingest.out")"

start_server "$SITREP" "$WORK/s.db" "$WORK/serve.log" || exit 1
grep -q WARNING "$WORK/serve.log" && fail "loopback bind should not warn"

python3 - "$BASE" "$PORT" <<'PY' || fail "API checks (above)"
import json, socket, sys, time, urllib.request, urllib.error
base, port = sys.argv[1], int(sys.argv[2])

def get(path, method="GET"):
    req = urllib.request.Request(base + path, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()

def get_json(path, want=200):
    st, h, body = get(path)
    assert st == want, (path, st, body[:300])
    assert h["Content-Type"].startswith("application/json"), (path, h["Content-Type"])
    return json.loads(body)

def error(path, want, method="GET"):
    st, h, body = get(path, method)
    assert st == want, (path, st, body[:300])
    j = json.loads(body)
    assert j["error"]["status"] == want and j["error"]["message"], j
    return j

# Pages, security headers, embedded map files.
st, h, body = get("/")
assert st == 200 and h["Content-Type"].startswith("text/html"), (st, h["Content-Type"])
csp = h["Content-Security-Policy"]
for part in ("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"):
    assert part in csp, csp
assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, csp
assert h["X-Content-Type-Options"] == "nosniff"
assert b"<script>" not in body.replace(b"<script src=", b""), "inline script in index.html"
for path, size in (("/app.js", 1000), ("/app.css", 200), ("/vendor/d3-geo.min.js", 10000),
                   ("/vendor/d3-array.min.js", 5000), ("/vendor/topojson-client.min.js", 3000),
                   ("/vendor/countries-110m.json", 50000)):
    st, h, body = get(path)
    assert st == 200 and len(body) > size, (path, st, len(body))
    assert "Content-Security-Policy" in h, path
app = get("/app.js")[2].decode()
for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
    assert sink not in app, "the UI script uses " + sink
world = json.loads(get("/vendor/countries-110m.json")[2])
assert world["type"] == "Topology" and "countries" in world["objects"]

# Shapes.
status = get_json("/api/status")
assert status["documents"] >= 18 and status["stories"] >= 1, status
stories = get_json("/api/stories")["stories"]
big = max(stories, key=lambda s: s["documents"])
for k in ("id", "title", "first_day", "last_day", "documents", "events", "facts", "outlets",
          "languages", "places", "actors"):
    assert k in big, k
one = get_json("/api/stories/" + big["id"])
for k in ("document_list", "sources", "warning_list", "recent"):
    assert k in one, k
assert any(o["labels"] for o in one["sources"]), "no outlet uses any words for a group"
ev = get_json("/api/events?story=" + big["id"])
assert ev["total"] > 0 and ev["events"], ev
assert any(e["lat"] is not None for e in ev["events"]), "no event with coordinates"
e0 = ev["events"][0]
assert e0["sources"] and e0["sources"][0]["snippet"]["match"], e0
led = get_json("/api/ledger?story=" + big["id"])
assert led["facts"] and led["facts"][0]["reports"], led
killed = [f for f in led["facts"] if f["quantity"] == "killed"]
assert killed, "no killed figure in the sample's ledger"
d = get_json("/api/documents/" + e0["sources"][0]["doc"])
for k in ("zones", "entities", "places", "times", "events", "claims", "warnings", "provenance"):
    assert k in d["spans"], k
t = d["text"].encode()
s0 = e0["sources"][0]
assert t[s0["start"]:s0["end"]].decode() == e0["sources"][0]["snippet"]["match"]
# Filters narrow.
day = next(e["day"] for e in ev["events"] if e["day"])
narrow = get_json("/api/events?story=%s&from=%s&to=%s" % (big["id"], day, day))
assert 0 < narrow["total"] < ev["total"] and all(e["day"] == day for e in narrow["events"])
assert all(e["type"] == "arrest" for e in get_json("/api/events?type=arrest")["events"])
assert get_json("/api/events?lang=ru")["total"] > 0
assert get_json("/api/events?lang=zz")["total"] == 0

# The XSS article comes back as data, byte for byte.
hits = get_json("/api/search?q=fuel%20tax%20parliament")["hits"]
assert hits, "the XSS fixture is not found by search"
x = get_json("/api/documents/" + hits[0]["id"])
assert "<script>window.__xss=1;alert(1)</script>" in x["text"], x["text"][:200]
assert 'onerror="window.__xss=2' in x["text"]

# Errors.
error("/api/events?from=2025-02-30x", 400)
error("/api/events?type=%3Cscript%3E", 400)
error("/api/events?limit=-5", 400)
error("/api/events?bogus=1", 400)
error("/api/events?place=" + "x" * 300, 400)
error("/api/events?from=%zz", 400)
error("/api/search", 400)
error("/api/search?q=%22unbalanced", 400)
error("/api/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 400)
error("/api/documents/dffffffffffffffffffffffffffff", 404)
error("/api/stories/nope", 404)
error("/api/nothing", 404)
error("/nothing.html", 404)
error("/../../etc/passwd", 404)
error("/api/stories", 405, "POST")
error("/api/stories", 405, "DELETE")
assert get("/api/status", "HEAD")[0] == 200

# Hostile requests, raw. After each one, the server must still answer.
def raw(data, read=True, timeout=8):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        if data:
            s.sendall(data)
        if read:
            try:
                return s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                return b""
        return b""
    finally:
        s.close()

def alive(what):
    st, h, body = get("/api/status")
    assert st == 200, (what, st)
    json.loads(body)

cases = [
    ("garbage", bytes(range(256)) * 40 + b"\r\n\r\n"),
    ("no version", b"GET /api/status\r\n\r\n"),
    ("bad method", b"\x00\x01\x02 / HTTP/1.1\r\n\r\n"),
    ("huge header line", b"GET /api/status HTTP/1.1\r\nHost: x\r\nX-Big: " + b"A" * 200000 + b"\r\n\r\n"),
    ("many headers", b"GET /api/status HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(3000)) + b"\r\n"),
    ("endless URI", b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("bad percent", b"GET /api/events?place=%zz%e9%80%%%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    ("NUL in path", b"GET /api/documents/d0\x00\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    ("percent NUL", b"GET /api/documents/%00%00%00%00%00%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    ("overlong UTF-8", b"GET /api/events?place=%c0%af%ed%a0%80 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    ("huge content-length", b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\nabc"),
    ("bad chunked", b"POST /api/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzzzz\r\n"),
    ("half request", b"GET /api/sta"),
    ("nothing", b""),
]
for what, data in cases:
    reply = raw(data, read=bool(data) and what not in ("half request",))
    if reply.startswith(b"HTTP/1.1 "):
        code = int(reply[9:12])
        # A filter value that decodes to odd bytes is still a valid (empty) filter.
        assert code >= 400 or what in ("bad percent", "overlong UTF-8"), (what, reply[:200])
        head, _, body = reply.partition(b"\r\n\r\n")
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                body = body[:int(line.split(b":")[1])]
        if body:
            try:
                json.loads(body.decode("utf-8", "replace"))
            except ValueError:
                raise AssertionError((what, reply[:2000]))
    alive(what)
# Bad percent-encoding answered with a JSON 400 or 404, never a crash.
r = raw(b"GET /api/events?from=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
assert r.startswith(b"HTTP/1.1 400"), r[:100]
# Many connections at once, some left half-open.
socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(40)]
for i, s in enumerate(socks):
    s.sendall(b"GET /api/stories HTTP/1.1\r\nHost: x\r\n" if i % 2 else b"GE")
alive("40 half-open connections")
for s in socks:
    s.close()
alive("after closing them")
print("serve_api: all checks passed")
PY
[ $? -eq 0 ] || exit 1
kill -0 "$SERVER_PID" 2>/dev/null || fail "the server died: $(tail -5 "$WORK/serve.log")"
stop_server

# A non-loopback address warns (0.0.0.0 is any address; the server is stopped at once).
start_server "$SITREP" "$WORK/s.db" "$WORK/any.log" --bind 0.0.0.0 || exit 1
grep -q "WARNING" "$WORK/any.log" || fail "no warning for --bind 0.0.0.0: $(cat "$WORK/any.log")"
stop_server
echo "serve_api: ok"
