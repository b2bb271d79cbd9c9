#include "background_priority.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace academy::http {

namespace {
// CFS weight 335 against a serving thread's 1024: about a quarter of a core the serving
// threads also want, all of one they leave idle.
constexpr int BackgroundNice = 5;
} // namespace

void runBelowServingThreads()
{
#ifdef Q_OS_LINUX
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    // On Linux a nice value belongs to a thread: PRIO_PROCESS with a thread id.
    (void)::setpriority(PRIO_PROCESS, id_t(::syscall(SYS_gettid)), BackgroundNice);
#endif
}

} // namespace academy::http
