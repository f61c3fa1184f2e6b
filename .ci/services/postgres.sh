# Starts a throwaway PostgreSQL 15 for the tests. Meant to be sourced by .ci/run (bash):
#   pids=(); source .ci/services/postgres.sh
# It runs initdb and the server as the `postgres` user (PostgreSQL refuses root) in a temporary data directory, on a
# free loopback port with trust authentication, waits until the server answers, exports MLOPS_TEST_POSTGRES (an
# Npgsql connection string of the superuser) and appends the postmaster PID to the `pids` array. The server is stopped
# by killing that PID (SIGTERM: smart shutdown; the EXIT trap uses SIGINT: fast shutdown) or by `pg_ctl stop`; the data directory is removed at exit.
# On failure it returns non-zero (and prints why) without exporting anything.

mlops_pg_start() {
  local bin=${MLOPS_PG_BIN:-/usr/lib/postgresql/15/bin}
  local run_as=()
  if [ "$(id -u)" -eq 0 ]; then
    run_as=(runuser -u postgres --)
  fi

  if [ ! -x "$bin/postgres" ]; then
    echo "postgres.sh: no PostgreSQL binaries in $bin" >&2
    return 1
  fi

  local dir
  dir=$(mktemp -d /tmp/mlops-pg.XXXXXX) || return 1
  chmod 700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  MLOPS_PG_DIR=$dir

  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()') || return 1

  if ! "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
    echo "postgres.sh: initdb failed:" >&2
    cat "$dir/initdb.log" >&2
    return 1
  fi

  # Loopback only, no Unix socket outside the data directory; fsync off: a throwaway test cluster.
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500" \
    start >"$dir/pg_ctl.log" 2>&1
  local ok=1
  for _ in $(seq 1 60); do
    if "$bin/pg_isready" -h 127.0.0.1 -p "$port" -U postgres -t 1 >/dev/null 2>&1; then
      ok=0
      break
    fi
    sleep 0.5
  done

  if [ $ok -ne 0 ]; then
    echo "postgres.sh: the server did not answer on 127.0.0.1:$port within 30 s:" >&2
    cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null
    return 1
  fi

  local pid
  pid=$(head -1 "$dir/data/postmaster.pid")
  pids+=("$pid")
  MLOPS_PG_PID=$pid
  export MLOPS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (pid $pid, data $dir)" >&2
  return 0
}

# Stops the server (if still up) and removes its data directory; chained after any EXIT trap already set.
mlops_pg_stop() {
  if [ -n "${MLOPS_PG_PID:-}" ] && kill -0 "$MLOPS_PG_PID" 2>/dev/null; then
    kill -INT "$MLOPS_PG_PID" 2>/dev/null
    for _ in $(seq 1 50); do
      kill -0 "$MLOPS_PG_PID" 2>/dev/null || break
      sleep 0.1
    done
  fi

  [ -n "${MLOPS_PG_DIR:-}" ] && rm -rf "$MLOPS_PG_DIR"
}

mlops_pg_previous_trap=$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT\$/\1/")
# shellcheck disable=SC2064
trap "${mlops_pg_previous_trap:+$mlops_pg_previous_trap; }mlops_pg_stop" EXIT
mlops_pg_start
