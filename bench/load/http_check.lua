-- wrk script: GET /v1/check over many (identity, entitlement) pairs, keep-alive, one
-- Bearer token. The pairs file has one "IDENTITY ENTITLEMENT" per line; make it from a
-- bundle with bench/load/http_pairs.py.
--
--   wrk -t2 -c64 -d10s --latency -s bench/load/http_check.lua http://127.0.0.1:8080 -- pairs.txt TOKEN
local targets = {}
local headers = {}
local next_target = 1

function init(args)
  local file = args[1] or "pairs.txt"
  if args[2] then headers["Authorization"] = "Bearer " .. args[2] end
  for line in io.lines(file) do
    local identity, entitlement = line:match("^(%S+)%s+(%S+)")
    if identity then
      targets[#targets + 1] = "/v1/check?identity=" .. identity .. "&entitlement=" .. entitlement
    end
  end
  -- Each thread starts somewhere else in the list.
  next_target = math.random(#targets)
end

function request()
  next_target = next_target % #targets + 1
  return wrk.format("GET", targets[next_target], headers)
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx or socket errors: %d status, %d connect, %d read, %d write, %d timeout\n",
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout))
end
