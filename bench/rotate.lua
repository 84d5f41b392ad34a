-- wrk script for bench/load: each connection's requests rotate through the site's main pages,
-- and the status codes of all responses are tallied and printed at the end.
-- Usage: wrk -t2 -c64 -d60s --latency -s bench/rotate.lua http://127.0.0.1:PORT
local paths = {
  "/",
  "/articles/balloon-kyphoplasty/",
  "/faq/",
  "/glossary/",
  "/search/?q=how+long+does+it+take",
}

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = math.random(#paths) - 1  -- threads start at different pages
  statuses = {}
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, count in pairs(counts) do
      total[status] = (total[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(total) do
    table.insert(parts, status .. "=" .. count)
  end
  table.sort(parts)
  io.write("Status codes: " .. table.concat(parts, " ") .. "\n")
end
