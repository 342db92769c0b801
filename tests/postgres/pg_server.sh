# Sourced by tests/postgres/*.sh and bench/ingest_bench.sh: starts a throwaway PostgreSQL server
# from Debian's postgresql package (initdb, pg_ctl in /usr/lib/postgresql/<v>/bin) on a temporary
# data directory, listening on 127.0.0.1 only at a free port, its unix socket in that directory.
#
#   pg_server_start   sets PG_URL (postgresql://postgres@127.0.0.1:PORT/postgres), PG_DIR, PG_PORT
#   pg_server_stop    stops the server and removes the directory (also run by the EXIT trap)
#
# PostgreSQL refuses to run as root: when root, the server runs as the `postgres` user (created by
# the Debian package) through runuser, with the temporary directory given to it.
# Returns non-zero (after printing why) when the server cannot start: callers fail, never skip.

pg_server_bindir() {
  local d
  for d in ${SITREP_PG_BINDIR:-} /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

pg_server_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_server_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    if [ -f "$PG_DIR/data/postmaster.pid" ]; then
      pg_server_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
}

pg_server_start() {
  PG_BIN=$(pg_server_bindir) || {
    echo "pg_server: no initdb/pg_ctl under /usr/lib/postgresql/*/bin (scripts/install-deps.sh installs postgresql)" >&2
    return 1
  }
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "pg_server: running as root and there is no 'postgres' user to run the server" >&2
    return 1
  fi
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-pg.XXXXXX")
  trap pg_server_stop EXIT
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; fi
  if ! pg_server_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1; then
    echo "pg_server: initdb failed:" >&2; cat "$PG_DIR/initdb.log" >&2
    return 1
  fi
  local attempt port
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    # fsync off: a test server's data is thrown away (bench sets SITREP_PG_FSYNC=on).
    if pg_server_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
          -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=${SITREP_PG_FSYNC:-off} -c max_connections=50" \
          start >/dev/null 2>&1; then
      PG_PORT=$port
      PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
      export PG_URL PG_PORT PG_DIR
      return 0
    fi
    if ! grep -q "already in use\|could not bind" "$PG_DIR/server.log" 2>/dev/null; then break; fi
    : >"$PG_DIR/server.log"
  done
  echo "pg_server: the server did not start:" >&2
  cat "$PG_DIR/server.log" >&2 2>/dev/null
  return 1
}

# pg_server_psql SQL...: runs SQL as the superuser over the unix socket (for test setup only).
pg_server_psql() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres "$@"
}
