-- POST /students with a JSON body: one durable insert per request.
-- The body is the same each time (the server does the same work), so the request is
-- prepared once and no request() callback runs.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

common.auth_header()
wrk.method = "POST"
wrk.path = "/students"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"Bench Student","course":"Load Testing","grade":77}'

setup = common.setup
init = common.init
done = common.done
