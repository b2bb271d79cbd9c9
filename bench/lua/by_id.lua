-- GET /students/:id with an id drawn uniformly from 1..BENCH_STUDENTS.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

common.auth_header()

setup = common.setup
init = common.init
done = common.done

function request()
   return wrk.format("GET", "/students/" .. math.random(1, common.students))
end
