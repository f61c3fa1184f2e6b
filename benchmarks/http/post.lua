-- wrk script: POSTs the JSON body in the file $BODY_FILE, and prints one parseable line at the end:
--   RESULT requests=N rps=R p50_us=P50 p99_us=P99 errors=E
-- where errors counts non-2xx/3xx answers, socket errors and timeouts (a run with errors is not a valid figure).
local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT requests=%d rps=%.0f p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), errors))
end
