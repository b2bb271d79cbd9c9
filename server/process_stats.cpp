#include "process_stats.h"

#include <QDir>
#include <QFile>

#include <sys/resource.h>
#include <unistd.h>

namespace academy::http {

ProcessStats readProcessStats()
{
    ProcessStats stats;
    rusage usage{};
    if (::getrusage(RUSAGE_SELF, &usage) == 0) {
        stats.cpuSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                           + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    }
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (statm.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> fields = statm.readAll().split(' ');
        if (fields.size() > 1)
            stats.residentBytes = fields.at(1).toLongLong() * ::sysconf(_SC_PAGESIZE);
    }
    stats.openFds = int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
    return stats;
}

} // namespace academy::http
