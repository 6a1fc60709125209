-- latency.lua — wrk script: send the session token, print the figures the
-- portal-status benchmark reads.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

local token = os.getenv("EIMZA_TOKEN")

function init(args)
  if token ~= nil and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f errors=%d\n",
                         summary.requests, seconds, summary.requests / seconds, errors))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("RESULT p%s_ms=%.3f\n", tostring(p), latency:percentile(p) / 1000))
  end
  io.write(string.format("RESULT max_ms=%.3f\n", latency.max / 1000))
end
