#pragma once

#include <QtGlobal>

namespace academy::http {

// This process, read from /proc: what /metrics and the monitoring tab show.
struct ProcessStats
{
    double cpuSeconds = 0; // user + system
    qint64 residentBytes = 0;
    int openFds = 0;
};

ProcessStats readProcessStats();

} // namespace academy::http
