-- GET /students?limit=50&offset=R with R drawn from 0..BENCH_STUDENTS-50: a page of 50.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

common.auth_header()

setup = common.setup
init = common.init
done = common.done

local last_offset = math.max(common.students - 50, 0)

function request()
   return wrk.format("GET", "/students?limit=50&offset=" .. math.random(0, last_offset))
end
