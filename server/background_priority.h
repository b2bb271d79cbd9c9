#pragma once

namespace academy::http {

// Lowers the calling thread's CPU priority below the serving threads' (Linux: its nice value,
// once per thread). For the threads that work behind the requests: password hashing, the
// request log's collector and database writer, the stderr writer. They may use every idle
// cycle, but when the cores are busy the serving threads come first, so a login storm or a
// log batch does not stretch the latency of every other request. Elsewhere a no-op.
enum class BackgroundWork {
    Hashing, // CPU-bound without end during a login storm: well below (nice 10)
    Writing, // the log writers, which must keep up with the requests: a little below (nice 5)
};
void runBelowServingThreads(BackgroundWork work);

} // namespace academy::http
