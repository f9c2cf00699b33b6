#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks, alive exactly as long as whoever started it.
#
#   scripts/pg-test/pg-test-server.sh [DATABASE]
#
# initdb's a temporary data directory, starts PostgreSQL on a free loopback port (its unix socket in
# that directory too), waits until it accepts connections, creates DATABASE (default dcl_test) and
# prints one line on stdout: postgres://postgres@127.0.0.1:PORT/DATABASE. It then waits for its
# standard input to close -- the caller closing the pipe, or the caller dying, which closes it too --
# and stops the server and removes the directory. SIGTERM/SIGINT do the same. So a crashed test
# process leaves no server behind.
#
# As root, PostgreSQL refuses to run; the server then runs as the `postgres` user (Debian's package
# creates it), through runuser/setpriv, with the directory owned by that user.
#
# PG_BIN overrides where initdb/pg_ctl/postgres are (default: the newest /usr/lib/postgresql/*/bin,
# else pg_config --bindir). The server log is printed on stderr when startup fails.
set -euo pipefail

DATABASE="${1:-dcl_test}"

if [ -z "${PG_BIN:-}" ]; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$PG_BIN" ] && command -v pg_config >/dev/null 2>&1; then PG_BIN="$(pg_config --bindir)"; fi
fi
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
  echo "pg-test-server: no PostgreSQL server binaries (initdb, pg_ctl) found; run scripts/install-deps.sh (Debian package postgresql) or set PG_BIN" >&2
  exit 3
fi

ROOT="$(mktemp -d "${TMPDIR:-/tmp}/dcl-pg.XXXXXX")"
DATA="$ROOT/data"
LOG="$ROOT/server.log"

# Runs a PostgreSQL program as the server's user.
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
    fi
  else
    "$@"
  fi
}

stopped=0
cleanup() {
  [ "$stopped" -eq 1 ] && return
  stopped=1
  if [ -f "$DATA/postmaster.pid" ]; then
    as_server_user "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 </dev/null || true
  fi
  rm -rf "$ROOT"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "pg-test-server: running as root needs the 'postgres' user (created by Debian's postgresql package)" >&2
    exit 3
  fi
  chown postgres: "$ROOT"
fi
# The directory must be reachable by the server's user (mktemp makes it 0700, owned by them).
chmod 700 "$ROOT"

# A free loopback port: ask the kernel for one, then retry if another process takes it first.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

if ! as_server_user "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$ROOT/initdb.log" 2>&1 </dev/null; then
  if ! as_server_user "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >"$ROOT/initdb.log" 2>&1 </dev/null; then
    echo "pg-test-server: initdb failed:" >&2
    cat "$ROOT/initdb.log" >&2
    exit 3
  fi
fi

PORT=""
for attempt in 1 2 3 4 5; do
  candidate="$(free_port)"
  # Durability is pointless for a throwaway server: fsync and full-page writes off make loading fast.
  if as_server_user "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $candidate -k $ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null 2>&1 </dev/null; then
    PORT="$candidate"
    break
  fi
done
if [ -z "$PORT" ]; then
  echo "pg-test-server: PostgreSQL did not start; its log:" >&2
  cat "$LOG" >&2 2>/dev/null || true
  exit 3
fi

if ! "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE \"$DATABASE\"" >/dev/null 2>"$ROOT/createdb.log" </dev/null; then
  echo "pg-test-server: CREATE DATABASE $DATABASE failed:" >&2
  cat "$ROOT/createdb.log" >&2
  exit 3
fi

echo "postgres://postgres@127.0.0.1:$PORT/$DATABASE"
# Blocks until the caller closes our stdin (or dies); then the EXIT trap stops the server.
while read -r _; do :; done
