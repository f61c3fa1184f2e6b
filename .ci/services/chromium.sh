#!/usr/bin/env bash
# Provides a headless Chromium for the dashboard's browser tests (tests/Mlops.AspNetCore.BrowserTests). Meant to be
# sourced by a CI script (like the other service scripts, it may use the bash array `pids`; it starts no server):
#   pids=(); source .ci/services/chromium.sh
# Installs Debian's `chromium` package with apt-get when /usr/bin/chromium is missing (about 80 s, about 480 MB), checks
# that it starts headless and renders a page, then exports MLOPS_TEST_CHROMIUM (the executable Playwright launches).
# Playwright's own browser download is never used. Returns non-zero, with the reason, when any step fails: under CI a
# missing service is a failure, never a skip.

_chromium_fail() {
  echo "chromium.sh: $*" >&2
  return 1
}

_chromium_setup() {
  local bin=${MLOPS_CHROMIUM_BIN:-/usr/bin/chromium}
  if [ ! -x "$bin" ]; then
    command -v apt-get >/dev/null 2>&1 \
      || { _chromium_fail "$bin is missing and apt-get is not available to install Debian's chromium package"; return 1; }
    echo "chromium.sh: installing Debian's chromium package" >&2
    local started=$SECONDS
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
      || { _chromium_fail "apt-get could not install chromium"; return 1; }
    [ -x "$bin" ] || { _chromium_fail "the chromium package installed but $bin is missing"; return 1; }
    echo "chromium.sh: installed $("$bin" --version 2>/dev/null) in $((SECONDS - started)) s" >&2
  fi

  # Starts headless on a blank page and prints its DOM: proves the binary and its libraries load without a display.
  # A throwaway profile keeps the user's home clean; the flags match the ones the tests launch with.
  local profile dom
  profile=$(mktemp -d "${TMPDIR:-/tmp}/mlops-chromium.XXXXXX") || { _chromium_fail "cannot create a profile folder"; return 1; }
  dom=$(timeout 60 "$bin" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$profile" --dump-dom 'data:text/html,<p>mlops-chromium-ok</p>' 2>/dev/null)
  rm -rf "$profile"
  if [[ "$dom" != *mlops-chromium-ok* ]]; then
    _chromium_fail "$bin did not render a page headless (run it with --headless --no-sandbox --dump-dom to see why)"
    return 1
  fi

  export MLOPS_TEST_CHROMIUM="$bin"
  echo "chromium.sh: $("$bin" --version 2>/dev/null) starts headless; MLOPS_TEST_CHROMIUM=$bin" >&2
}

_chromium_setup
_chromium_status=$?
unset -f _chromium_setup _chromium_fail
# `return` when sourced (the normal use), `exit` when run as a script.
return "$_chromium_status" 2>/dev/null || exit "$_chromium_status"
