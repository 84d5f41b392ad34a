-- wrk script for bench/throughput: every request is a search no one has asked before,
-- so the stored-results shelf never helps and each one is searched and rendered afresh.
-- Usage: wrk -t2 -c32 -d10s --latency -s bench/unique_queries.lua http://127.0.0.1:PORT
local words = {"pain", "cement", "drive", "shower", "stitches", "brace", "bone", "fracture", "sleep", "walk",
               "lift", "doctor", "risk", "spine", "osteoporosis", "recovery", "kyphoplasty", "vertebroplasty",
               "scan", "x-ray"}

function init(args)
  counter = math.random(1000000000)  -- each thread its own series
end

function request()
  counter = counter + 1
  local first = words[counter % #words + 1]
  local second = words[math.floor(counter / #words) % #words + 1]
  return wrk.format("GET", "/search/?q=" .. first .. "+" .. second .. "+" .. counter)
end
