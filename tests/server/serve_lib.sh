# Shared by the tests/server/*.sh tests and bench/api_latency.sh: start `sitrep serve` on a free
# port (--port 0: the kernel picks one, serve prints it) and always stop it on exit.
# Usage: source serve_lib.sh; start_server SITREP DB LOG [extra serve options]; then $PORT, $BASE.
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  SERVER_PID=""
}
start_server() {  # SITREP DB LOG [options...]
  local sitrep="$1" db="$2" log="$3"
  shift 3
  "$sitrep" serve --db "$db" --port 0 "$@" 2>"$log" &
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 300); do
    PORT=$(sed -n 's|.*on http://[^ ]*:\([0-9][0-9]*\)/ .*|\1|p' "$log" | head -1)
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$PORT" ]; then
    echo "FAIL: sitrep serve did not start: $(cat "$log")"
    return 1
  fi
  BASE="http://127.0.0.1:$PORT"
}
