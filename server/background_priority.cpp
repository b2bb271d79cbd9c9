#include "background_priority.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace academy::http {

namespace {

// CFS weights against a serving thread's 1024: 110 at nice 10, 335 at nice 5. Measured with
// bench/run's login storm (reads' p99 against their p99 alone): 2.3x with hashing at nice 0,
// 2.6x at nice 5, 1.6x at nice 10, for 17, 17 and 14 logins/s.
int niceOf(BackgroundWork work)
{
    return work == BackgroundWork::Hashing ? 10 : 5;
}

} // namespace

void runBelowServingThreads(BackgroundWork work)
{
#ifdef Q_OS_LINUX
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    // On Linux a nice value belongs to a thread: PRIO_PROCESS with a thread id.
    (void)::setpriority(PRIO_PROCESS, id_t(::syscall(SYS_gettid)), niceOf(work));
#else
    Q_UNUSED(work);
#endif
}

} // namespace academy::http
