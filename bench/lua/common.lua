-- Shared by every bench script: the token header, per-thread random seeds, and a done()
-- that prints one machine-readable line for bench/run to parse.
--
-- Environment (read in every wrk thread's Lua state):
--   BENCH_TOKEN      the bearer token (required by the authenticated scripts)
--   BENCH_STUDENTS   how many students were seeded; ids 1..N exist (default 10000)

local M = {}

M.students = tonumber(os.getenv("BENCH_STUDENTS") or "10000")

function M.auth_header()
   local token = os.getenv("BENCH_TOKEN")
   if token == nil or token == "" then
      error("BENCH_TOKEN is not set")
   end
   wrk.headers["Authorization"] = "Bearer " .. token
end

-- Gives each wrk thread its own id (for its random seed).
local next_thread = 0
function M.setup(thread)
   next_thread = next_thread + 1
   thread:set("thread_id", next_thread)
end

function M.init()
   local id = thread_id or 0
   math.randomseed(os.time() * 1000 + id * 7919)
   -- The first values of Lua 5.1's generator are poorly mixed: throw a few away.
   for _ = 1, 10 do math.random() end
end

-- One line: BENCH requests=N duration_us=N rps=F p50_us=N p99_us=N max_us=N
--   non2xx=N connect=N read=N write=N timeout=N
-- wrk counts a response with status > 399 in errors.status: that is "non-2xx" here (no
-- 3xx is expected from these routes), and it costs nothing per request, unlike a
-- response() callback.
function M.done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
      summary.requests, summary.duration, summary.requests / seconds,
      latency:percentile(50), latency:percentile(99), latency.max,
      e.status, e.connect, e.read, e.write, e.timeout))
end

return M
