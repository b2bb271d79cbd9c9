#pragma once

#include "latency_histogram.h"

#include <QMutex>

#include <atomic>

namespace academy {

// Every statement run through runQuery(): how long it took and whether it failed, for
// /metrics. Process-wide; cheap (one short lock per statement).
class QueryMetrics final
{
public:
    static QueryMetrics &instance();

    void observe(double seconds, bool failed);
    LatencyHistogram durations() const;
    quint64 errors() const { return m_errors.load(); }

private:
    mutable QMutex m_lock;
    LatencyHistogram m_durations;
    std::atomic<quint64> m_errors{0};
};

} // namespace academy
