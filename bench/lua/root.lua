-- GET / (no database): the framework's own cost, compared with nginx's ceiling.
-- A static request: no request() callback, wrk sends the same prepared bytes.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

common.auth_header()
wrk.method = "GET"
wrk.path = "/"

setup = common.setup
init = common.init
done = common.done
