#!/usr/bin/env bash
# Starts moto_server (an S3-compatible server) on a free loopback port for the S3 artifact-store tests.
# Meant to be sourced by a CI script that kills the PIDs in the bash array `pids` on exit:
#   pids=(); source .ci/services/moto.sh || exit 1
# Exports MLOPS_TEST_S3_ENDPOINT (http://127.0.0.1:<port>) and appends the server's PID to `pids`.
# Uses moto_server from PATH (or python3 -m moto.server). Returns non-zero, with a message, when moto is missing or
# the server does not answer within 60 s.

_moto_fail() {
  echo "moto.sh: $*" >&2
  return 1
}

_moto_start() {
  local cmd=()
  if command -v moto_server >/dev/null 2>&1; then
    cmd=(moto_server)
  elif python3 -c 'import moto.server' >/dev/null 2>&1; then
    cmd=(python3 -m moto.server)
  else
    # moto comes with the machine image (Python's moto 5); neither Debian nor npm packages it, so it cannot be installed here.
    _moto_fail "moto_server is not on PATH and python3 cannot import moto.server; this machine lacks Python's moto package"
    return 1
  fi

  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()') \
    || { _moto_fail "could not find a free loopback port"; return 1; }

  local log="${TMPDIR:-/tmp}/moto-server-$port.log"
  "${cmd[@]}" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  local pid=$!
  pids+=("$pid")

  local endpoint="http://127.0.0.1:$port"
  local deadline=$((SECONDS + 60))
  until python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$endpoint/moto-api/" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$log" >&2
      _moto_fail "moto_server exited before answering on $endpoint (log: $log)"
      return 1
    fi
    if (( SECONDS >= deadline )); then
      tail -n 20 "$log" >&2
      _moto_fail "moto_server did not answer on $endpoint within 60 s (log: $log)"
      return 1
    fi
    sleep 0.5
  done

  export MLOPS_TEST_S3_ENDPOINT="$endpoint"
  echo "moto.sh: moto_server (pid $pid) answers on $endpoint" >&2
}

_moto_start
_moto_status=$?
unset -f _moto_start _moto_fail
# `return` when sourced (the normal use), `exit` when run as a script.
return "$_moto_status" 2>/dev/null || exit "$_moto_status"
