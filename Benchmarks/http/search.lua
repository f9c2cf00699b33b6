-- wrk script: a catalog search for a different product on every request, so no two requests in a
-- row ask the same thing and no kept answer serves them (see docs/http-api.md, "Load"). The
-- products are those compare-reads.sh and http-load.sh publish (load_<round>_<thread>_<n>).
-- Environment: DCL_SEARCH_ROUND (the round whose products to search, default 0), DCL_SEARCH_N
-- (the highest <n>, default 999), DCL_SEARCH_THREADS (the highest <thread>, default 9).
local counter = 0

function init(args)
  round = os.getenv("DCL_SEARCH_ROUND") or "0"
  highest = tonumber(os.getenv("DCL_SEARCH_N") or "999")
  threads = tonumber(os.getenv("DCL_SEARCH_THREADS") or "9")
  math.randomseed(os.time() + counter)
end

function request()
  counter = counter + 1
  local path = string.format("/api/contracts?q=load_%s_%d_%d&domain=sales", round, math.random(0, threads), math.random(0, highest))
  return wrk.format("GET", path)
end
