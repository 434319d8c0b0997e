#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `start DIR` / `stop DIR`.
# Debian's postgresql package (scripts/setup installs it) provides the server binaries under
# /usr/lib/postgresql/VERSION/bin; the cluster lives in DIR/data, listens only on 127.0.0.1:PORT
# (no Unix socket), trusts its one role `sift`, and has a database `sift_test`. PostgreSQL refuses
# to run as root, so as root the server runs as the `postgres` system user (created by the
# package). Starting again while it is up reuses it. Prints `export SIFT_TEST_POSTGRES_URL=…`.
set -euo pipefail
action=${1:-}
dir=${2:-}
port=${SIFT_POSTGRES_PORT:-54329}
url="postgres://sift@127.0.0.1:$port/sift_test"
[ -n "$dir" ] || { echo "usage: postgres.sh start|stop DIR" >&2; exit 2; }
mkdir -p "$dir"
log="$dir/log"

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "postgres: no server binaries under /usr/lib/postgresql/*/bin (scripts/setup installs Debian's postgresql)" >&2
  exit 1
fi

# Runs a server binary as the unprivileged owner of the cluster.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The data folder must be reachable by that user: under a root-only path it goes to /tmp.
data_dir() {
  if [ -f "$dir/datadir" ]; then cat "$dir/datadir"; return; fi
  local d="$dir/data"
  mkdir -p "$d"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$d"
    if ! runuser -u postgres -- test -w "$d"; then
      rmdir "$d" 2>/dev/null || true
      d=$(mktemp -d /tmp/sift-postgres.XXXXXX)
      chown postgres:postgres "$d"
    fi
  fi
  echo "$d" > "$dir/datadir"
  echo "$d"
}

ready() { "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -d sift_test -U sift >/dev/null 2>&1; }

psql_sift() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U sift "$@"; }

case "$action" in
start)
  if ready && psql_sift -d sift_test -c 'select 1' >/dev/null 2>&1; then
    echo "postgres: reusing the server on 127.0.0.1:$port" >&2
    echo "export SIFT_TEST_POSTGRES_URL=$url"
    exit 0
  fi
  data=$(data_dir)
  if [ ! -f "$data/PG_VERSION" ]; then
    as_owner "$bindir/initdb" -D "$data" -U sift --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$log" 2>&1 \
      || as_owner "$bindir/initdb" -D "$data" -U sift --auth=trust --encoding=UTF8 --locale=C >>"$log" 2>&1 \
      || { echo "postgres: initdb failed (see $log)" >&2; exit 1; }
  fi
  # The log goes into the (owner-writable) data folder, then is linked for whoever reads DIR/log.
  as_owner "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >>"$log" 2>&1 || { cat "$data/server.log" >>"$log" 2>/dev/null || true; echo "postgres: the server did not start on 127.0.0.1:$port (see $log)" >&2; exit 1; }
  ln -sf "$data/server.log" "$dir/server.log"
  head -1 "$data/postmaster.pid" > "$dir/pid"
  if ! psql_sift -d postgres -tAc "select 1 from pg_database where datname = 'sift_test'" | grep -q 1; then
    psql_sift -d postgres -c 'create database sift_test' >>"$log" 2>&1
  fi
  echo "export SIFT_TEST_POSTGRES_URL=$url"
  ;;
stop)
  # Only a server this folder started is stopped (by its data folder; pg_ctl signals its PID).
  if [ -f "$dir/datadir" ] && [ -f "$dir/pid" ]; then
    data=$(cat "$dir/datadir")
    if [ -f "$data/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >>"$log" 2>&1 || kill "$(cat "$dir/pid")" 2>/dev/null || true
    fi
    rm -f "$dir/pid"
  fi
  ;;
*)
  echo "usage: postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
