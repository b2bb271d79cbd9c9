-- GET /students/:id (id uniform in 1..BENCH_STUDENTS) at a fixed offered load instead of as
-- fast as the server answers: each connection waits a random think time before its next
-- request, so the load is the same whatever the server does with its spare CPU. That is how
-- issue 5's "p99 with the request log on within 10% of off" compares like with like: at
-- saturation (wrk's closed loop) p99 is mostly the queue that any extra CPU work lengthens.
--
-- Environment:
--   BENCH_THINK_MS   mean think time per connection, in ms (exponential: Poisson arrivals).
--                    Connections C and a rate R give C * 1000 / R, which bench/run computes.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

common.auth_header()

setup = common.setup
init = common.init
done = common.done

local think_ms = tonumber(os.getenv("BENCH_THINK_MS") or "")
if think_ms == nil or think_ms <= 0 then
   error("BENCH_THINK_MS must be a positive number of milliseconds")
end

function request()
   return wrk.format("GET", "/students/" .. math.random(1, common.students))
end

-- wrk's delays are whole milliseconds: round at random so that the mean stays think_ms.
function delay()
   local t = -math.log(1 - math.random()) * think_ms
   local whole = math.floor(t)
   if math.random() < t - whole then
      whole = whole + 1
   end
   return whole
end
