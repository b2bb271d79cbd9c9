-- 90/10 read/write mix: 90% GET /students/:id (random id), 10% POST /students.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

common.auth_header()

setup = common.setup
init = common.init
done = common.done

local body = '{"name":"Bench Student","course":"Load Testing","grade":77}'
-- wrk.format() does not merge wrk.headers into a table it is given: copy the token in.
local post_headers = { ["Content-Type"] = "application/json" }
for name, value in pairs(wrk.headers) do post_headers[name] = value end

function request()
   if math.random(1, 10) == 1 then
      return wrk.format("POST", "/students", post_headers, body)
   end
   return wrk.format("GET", "/students/" .. math.random(1, common.students))
end
