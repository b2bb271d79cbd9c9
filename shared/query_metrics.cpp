#include "query_metrics.h"

namespace academy {

QueryMetrics &QueryMetrics::instance()
{
    static QueryMetrics metrics;
    return metrics;
}

void QueryMetrics::observe(double seconds, bool failed)
{
    if (failed)
        ++m_errors;
    QMutexLocker locker(&m_lock);
    m_durations.add(seconds);
}

LatencyHistogram QueryMetrics::durations() const
{
    QMutexLocker locker(&m_lock);
    return m_durations;
}

} // namespace academy
