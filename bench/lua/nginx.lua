-- nginx `return 200`: the ceiling. Same done() line as the other scripts.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

wrk.method = "GET"
wrk.path = "/"

setup = common.setup
init = common.init
done = common.done
