#!/usr/bin/env bash
# HTTP predict throughput on loopback: Mlops' endpoints vs trivial Kestrel JSON endpoints, in the same run.
# Builds benchmarks/Mlops.HttpBench in Release and starts three servers (one process each, same binary and settings):
#   trivial  the baseline: a minimal-API endpoint binding the body to a record, answering a record (System.Text.Json)
#   raw      the floor: JsonDocument in, Utf8JsonWriter out, no binding layer and no model
#   mlops    MapMlopsPredictions / MapMlopsInvocations serving the penguin species model (ML.NET, SDCA)
# For each path (our typed /mlops/models/penguins/predict with one row, MLflow's /invocations with a one-row
# dataframe_split) it warms every server up, then runs wrk against each in turn, alternating, ROUNDS times, and prints
# requests/s, p50/p99 latency, the server's CPU time per request (from /proc: steadier than requests/s when other
# processes share the cores) and the ratios mlops/trivial and mlops/raw. The servers are stopped on exit.
#   benchmarks/http/run.sh                          # 3 rounds of 10 s per server and path (about 4 minutes)
#   ROUNDS=1 DURATION=3s WARMUP=2s benchmarks/http/run.sh   # a quick look
#   SERVERS="trivial raw served mlops" benchmarks/http/run.sh   # with the profiling server
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-2}
read -r -a servers <<<"${SERVERS:-trivial raw mlops}" # add "served" to split the cost (Served.cs); keep mlops and trivial

if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/benchmarks/Mlops.HttpBench/Mlops.HttpBench.csproj" -c Release -v quiet -nologo >/dev/null
dll="$root/artifacts/${MLOPS_BUILD_SLOT:+$MLOPS_BUILD_SLOT/}bin/Mlops.HttpBench/release/Mlops.HttpBench.dll" # ArtifactsPath honours MLOPS_BUILD_SLOT

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do
    if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

declare -A url pid
start() { # mode: starts the server and waits for the address it bound (not in a subshell: the PID must reach cleanup)
  local mode=$1
  dotnet "$dll" "$mode" --urls http://127.0.0.1:0 --address-file "$work/$mode.address" >"$work/$mode.log" 2>&1 &
  pids+=($!)
  pid[$mode]=$!
  for _ in $(seq 1 600); do
    if [ -s "$work/$mode.address" ]; then url[$mode]=$(cat "$work/$mode.address"); return; fi
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "$mode server exited:" >&2; cat "$work/$mode.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "$mode server did not listen within 60 s" >&2
  exit 1
}
for server in "${servers[@]}"; do start "$server"; done

printf '%s' '{"BeakLength": 39.1, "BeakDepth": 18.7, "FlipperLength": 181, "BodyMass": 3750}' >"$work/predict.json"
printf '%s' '{"dataframe_split": {"columns": ["BeakLength", "BeakDepth", "FlipperLength", "BodyMass"], "data": [[39.1, 18.7, 181, 3750]]}}' >"$work/invocations.json"
declare -A route=([predict]=/mlops/models/penguins/predict [invocations]=/invocations)

# Every server must answer 200 with the same-shaped prediction before it is measured.
for server in "${servers[@]}"; do
  for path in predict invocations; do
    answer=$(curl -sf -X POST "${url[$server]}${route[$path]}" -H 'Content-Type: application/json' --data-binary @"$work/$path.json")
    [[ $answer == *'"PredictedSpecies":"Adelie"'* ]] || { echo "$server ${route[$path]} answered: $answer" >&2; exit 1; }
  done
done

ticks() { awk '{print $14 + $15}' "/proc/${pid[$1]}/stat"; } # the server's user + system CPU time, in clock ticks
measure() { # server path duration -> "rps p50_us p99_us cpu_us_per_request"
  local line before after
  before=$(ticks "$1")
  line=$(BODY_FILE="$work/$2.json" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" -s "$root/benchmarks/http/post.lua" "${url[$1]}${route[$2]}" | grep '^RESULT')
  after=$(ticks "$1")
  if [[ $line != *" errors=0" ]]; then
    echo "wrk reported errors against $1 ${route[$2]}: $line" >&2
    exit 1
  fi
  sed -E 's/RESULT requests=([0-9]+) rps=([0-9]+) p50_us=([0-9]+) p99_us=([0-9]+).*/\1 \2 \3 \4/' <<<"$line" |
    awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" '{printf "%s %s %s %.1f\n", $2, $3, $4, t * 1e6 / hz / $1}'

}
ms() { awk "BEGIN{printf \"%.3f\", $1/1000}"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB; .NET SDK $(dotnet --version); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds, servers alternating (${servers[*]}); warm-up $WARMUP each"
for path in predict invocations; do
  for server in "${servers[@]}"; do measure "$server" "$path" "$WARMUP" >/dev/null; done
  echo
  echo "POST ${route[$path]} ($(wc -c <"$work/$path.json") B body)"
  printf '  %-6s %-8s %10s %9s %9s %12s\n' round server "req/s" "p50 ms" "p99 ms" "CPU µs/req"
  declare -A sum=()
  for round in $(seq 1 "$ROUNDS"); do
    for server in "${servers[@]}"; do
      read -r rps p50 p99 cpu < <(measure "$server" "$path" "$DURATION")
      printf '  %-6s %-8s %10s %9s %9s %12s\n' "$round" "$server" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$cpu"
      sum[$server]=$(( ${sum[$server]:-0} + rps ))
    done
  done
  for server in "${servers[@]}"; do printf '  mean   %-8s %10d\n' "$server" $(( sum[$server] / ROUNDS )); done
  for baseline in trivial raw served; do
    if [ -n "${sum[$baseline]:-}" ] && [ -n "${sum[mlops]:-}" ]; then
      printf '  ratio  mlops/%-7s = %s\n' "$baseline" "$(awk "BEGIN{printf \"%.3f\", ${sum[mlops]}/${sum[$baseline]}}")"
    fi
  done
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
