#!/usr/bin/env bash
# Starts Azurite's blob service for the Mlops.Artifacts.AzureBlob tests. Meant to be sourced by a CI script that holds a
# bash array `pids` (it kills them on exit):
#   pids=(); source .ci/services/azurite.sh
# Installs Node.js/npm (Debian packages) and Azurite (npm package, into a tool folder outside the repository) when
# missing, starts the blob service on a free loopback port with a throwaway data folder, waits until it answers, then
# exports MLOPS_TEST_AZURITE_ENDPOINT (the blob endpoint of the development account) and appends its PID to `pids`.
# On any failure it prints why and exits non-zero: under CI a missing service is a failure, never a skip.

_azurite_version="3.35.0" # The newest release that runs on the Node.js of Debian stable (later ones need Node 21+).
_azurite_tools="${MLOPS_CI_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mlops-ci}/azurite-$_azurite_version"
_azurite_bin="$_azurite_tools/node_modules/.bin/azurite-blob"
_azurite_timeout="${MLOPS_AZURITE_START_TIMEOUT:-60}"

_azurite_fail() {
  echo "azurite.sh: $*" >&2
  exit 1
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "azurite.sh: installing Node.js and npm (Debian packages)" >&2
  command -v apt-get >/dev/null 2>&1 || _azurite_fail "Node.js/npm are missing and apt-get is not available to install them."
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; } \
    || _azurite_fail "could not install nodejs and npm with apt-get."
fi

if [ ! -x "$_azurite_bin" ]; then
  echo "azurite.sh: installing azurite@$_azurite_version into $_azurite_tools" >&2
  mkdir -p "$_azurite_tools" || _azurite_fail "cannot create $_azurite_tools."
  npm install --prefix "$_azurite_tools" --no-audit --no-fund --no-save --loglevel=error "azurite@$_azurite_version" >&2 \
    || _azurite_fail "npm could not install azurite@$_azurite_version."
  [ -x "$_azurite_bin" ] || _azurite_fail "azurite@$_azurite_version installed but $_azurite_bin is missing."
fi

_azurite_data=$(mktemp -d "${TMPDIR:-/tmp}/mlops-azurite.XXXXXX") || _azurite_fail "cannot create a data folder."
_azurite_log="$_azurite_data.log"

# Port 0: the OS picks a free port when Azurite binds (no race with another process); the log line tells which.
# --disableTelemetry: Azurite otherwise sends usage data over the network; --silent: no access log per request.
"$_azurite_bin" --blobHost 127.0.0.1 --blobPort 0 --location "$_azurite_data" \
  --skipApiVersionCheck --loose --disableTelemetry --silent >"$_azurite_log" 2>&1 &
_azurite_pid=$!
pids+=("$_azurite_pid")

# Removes the data folder (large test blobs) once Azurite has stopped, however the CI script ends.
( while kill -0 "$_azurite_pid" 2>/dev/null; do sleep 2; done; rm -rf "$_azurite_data" "$_azurite_log" ) >/dev/null 2>&1 &
disown $! 2>/dev/null || true

_azurite_port=""
_azurite_deadline=$(( $(date +%s) + _azurite_timeout ))
while :; do
  if ! kill -0 "$_azurite_pid" 2>/dev/null; then
    cat "$_azurite_log" >&2
    _azurite_fail "Azurite exited before it answered (log above)."
  fi
  if [ -z "$_azurite_port" ]; then
    _azurite_port=$(sed -n 's#.*successfully listens on http://127\.0\.0\.1:\([0-9][0-9]*\).*#\1#p' "$_azurite_log" | head -n 1)
  fi
  # Answers = an HTTP status line comes back on the blob port (pure bash: no curl needed on a fresh machine).
  if [ -n "$_azurite_port" ] && (
    exec 3<>"/dev/tcp/127.0.0.1/$_azurite_port" || exit 1
    printf 'GET /devstoreaccount1?comp=list HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    IFS= read -r -t 5 _line <&3 && [[ "$_line" == HTTP/* ]]
  ) 2>/dev/null; then
    break
  fi
  if [ "$(date +%s)" -ge "$_azurite_deadline" ]; then
    cat "$_azurite_log" >&2
    _azurite_fail "Azurite did not answer within ${_azurite_timeout} s (log above)."
  fi
  sleep 0.5
done

export MLOPS_TEST_AZURITE_ENDPOINT="http://127.0.0.1:$_azurite_port/devstoreaccount1"
echo "azurite.sh: Azurite $_azurite_version blob service (pid $_azurite_pid) at $MLOPS_TEST_AZURITE_ENDPOINT" >&2

unset -f _azurite_fail
unset _azurite_version _azurite_tools _azurite_bin _azurite_timeout _azurite_data _azurite_log _azurite_pid \
  _azurite_port _azurite_deadline
