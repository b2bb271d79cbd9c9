-- POST /login with the right password, over and over: the login storm's load.
-- Every login hashes (Argon2id) and opens a session; the right password never locks.
-- Environment: BENCH_EMAIL, BENCH_PASSWORD (plain characters: they are put in JSON as-is).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

local email = os.getenv("BENCH_EMAIL")
local password = os.getenv("BENCH_PASSWORD")
if email == nil or password == nil then
   error("BENCH_EMAIL and BENCH_PASSWORD must be set")
end

wrk.method = "POST"
wrk.path = "/login"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"email":"%s","password":"%s"}', email, password)

setup = common.setup
init = common.init
done = common.done
