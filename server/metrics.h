#pragma once

#include "latency_histogram.h"
#include "request_log_entry.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>

#include <atomic>
#include <functional>

namespace academy::http {

// Readings that live elsewhere, gathered when /metrics is rendered.
struct MetricsReadings
{
    int openConnections = 0;
    quint64 refusedTotalLimit = 0;
    quint64 refusedAddressLimit = 0;
    quint64 loginFailures = 0;
    quint64 lockouts = 0;
    quint64 logEntriesDropped = 0;
    quint64 sessionCacheHits = 0;
    quint64 sessionCacheMisses = 0;
    quint64 studentCacheHits = 0;
    quint64 studentCacheMisses = 0;
    quint64 studentTotalCacheHits = 0;
    quint64 studentTotalCacheMisses = 0;
};

// Counters of the HTTP layer, bounded by construction: a series per (method, route
// pattern, status), never per raw path, so random 404 paths add nothing.
class Metrics final
{
public:
    void observe(const RequestLogEntry &entry);
    void requestStarted() { ++m_inFlight; }
    void requestFinished() { --m_inFlight; }
    void rateLimited() { ++m_rateLimited; }
    quint64 rateLimitedCount() const { return m_rateLimited.load(); }

    // Users seen in the last five minutes.
    int activeUsers() const;

    // The Prometheus text exposition format (version 0.0.4).
    QByteArray render(const MetricsReadings &readings) const;

private:
    struct SeriesKey
    {
        QByteArray method;
        QString route;
        int status;
        friend bool operator==(const SeriesKey &, const SeriesKey &) = default;
        friend size_t qHash(const SeriesKey &key, size_t seed = 0) { return qHashMulti(seed, key.method, key.route, key.status); }
    };

    mutable QMutex m_lock;
    QHash<SeriesKey, quint64> m_requests;
    QHash<QString, LatencyHistogram> m_durations; // by route
    QHash<qint64, qint64> m_userLastSeenMs;
    std::atomic<int> m_inFlight{0};
    std::atomic<quint64> m_rateLimited{0};
};

} // namespace academy::http
