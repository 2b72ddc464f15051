-- wrk script: 4 KiB PutObject requests, each to a new key (per-thread counter).
local counter = 0
local body = string.rep("x", 4096)
request = function()
  counter = counter + 1
  return wrk.format("PUT", "/bench/put/" .. tostring(math.random(1, 1e9)) .. "-" .. counter, nil, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
