#include "metrics.h"

#include "process_stats.h"
#include "query_metrics.h"

namespace academy::http {

namespace {

constexpr qint64 ActiveWindowMs = 5 * 60 * 1000;

QByteArray knownMethod(const QByteArray &method)
{
    static const QList<QByteArray> known{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
    return known.contains(method) ? method : QByteArray("OTHER");
}

QString routeLabel(const QString &route)
{
    return route.isEmpty() ? QStringLiteral("unmatched") : route;
}

// Label values escape backslash, quote and newline (exposition format).
QByteArray escaped(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

void header(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
}

void sample(QByteArray &out, const char *name, const QByteArray &labels, double value)
{
    out += name;
    if (!labels.isEmpty())
        out += '{' + labels + '}';
    out += ' ' + QByteArray::number(value, 'g', 12) + '\n';
}

void histogram(QByteArray &out, const char *name, const QByteArray &labels, const LatencyHistogram &h)
{
    const QByteArray prefix = labels.isEmpty() ? QByteArray() : labels + ',';
    quint64 cumulative = 0;
    for (int i = 0; i < LatencyHistogram::BucketCount; ++i) {
        cumulative += h.bucket(i);
        sample(out, (QByteArray(name) + "_bucket").constData(),
               prefix + "le=\"" + QByteArray::number(LatencyHistogram::boundsSeconds()[size_t(i)], 'g', 6) + '"', double(cumulative));
    }
    sample(out, (QByteArray(name) + "_bucket").constData(), prefix + "le=\"+Inf\"", double(h.count()));
    sample(out, (QByteArray(name) + "_sum").constData(), labels, h.sumSeconds());
    sample(out, (QByteArray(name) + "_count").constData(), labels, double(h.count()));
}

} // namespace

void Metrics::observe(const RequestLogEntry &entry)
{
    const QString route = routeLabel(entry.route);
    QMutexLocker locker(&m_lock);
    ++m_requests[SeriesKey{knownMethod(entry.method), route, entry.status}];
    m_durations[route].add(entry.durationMs / 1000.0);
    if (entry.userId)
        m_userLastSeenMs.insert(*entry.userId, entry.time.toMSecsSinceEpoch());
}

int Metrics::activeUsers() const
{
    const qint64 since = QDateTime::currentMSecsSinceEpoch() - ActiveWindowMs;
    QMutexLocker locker(&m_lock);
    return int(std::count_if(m_userLastSeenMs.cbegin(), m_userLastSeenMs.cend(), [&](qint64 seen) { return seen >= since; }));
}

QByteArray Metrics::render(const MetricsReadings &r) const
{
    QByteArray out;
    {
        QMutexLocker locker(&m_lock);
        header(out, "http_requests_total", "counter", "Finished HTTP requests by method, route pattern and status.");
        for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it)
            sample(out, "http_requests_total", "method=\"" + it.key().method + "\",route=\"" + escaped(it.key().route)
                                                   + "\",status=\"" + QByteArray::number(it.key().status) + '"', double(it.value()));
        header(out, "http_request_duration_seconds", "histogram", "Time from request received to reply written, by route pattern.");
        for (auto it = m_durations.cbegin(); it != m_durations.cend(); ++it)
            histogram(out, "http_request_duration_seconds", "route=\"" + escaped(it.key()) + '"', it.value());
    }
    header(out, "http_requests_in_flight", "gauge", "Requests being handled now.");
    sample(out, "http_requests_in_flight", {}, m_inFlight.load());
    header(out, "http_open_connections", "gauge", "Open client connections.");
    sample(out, "http_open_connections", {}, r.openConnections);
    header(out, "http_refused_connections_total", "counter", "Connections refused at accept, by reason.");
    sample(out, "http_refused_connections_total", "reason=\"total_limit\"", double(r.refusedTotalLimit));
    sample(out, "http_refused_connections_total", "reason=\"address_limit\"", double(r.refusedAddressLimit));
    header(out, "http_rate_limited_total", "counter", "Requests answered 429 by the per-address rate limit.");
    sample(out, "http_rate_limited_total", {}, double(m_rateLimited.load()));
    header(out, "auth_login_failures_total", "counter", "Failed logins.");
    sample(out, "auth_login_failures_total", {}, double(r.loginFailures));
    header(out, "auth_lockouts_total", "counter", "Login locks started (per email or address).");
    sample(out, "auth_lockouts_total", {}, double(r.lockouts));
    header(out, "auth_session_cache_requests_total", "counter", "Token session checks, answered from the cache or the database.");
    sample(out, "auth_session_cache_requests_total", "result=\"hit\"", double(r.sessionCacheHits));
    sample(out, "auth_session_cache_requests_total", "result=\"miss\"", double(r.sessionCacheMisses));
    header(out, "student_cache_requests_total", "counter", "Student reads by id, answered from the cache or the database.");
    sample(out, "student_cache_requests_total", "result=\"hit\"", double(r.studentCacheHits));
    sample(out, "student_cache_requests_total", "result=\"miss\"", double(r.studentCacheMisses));
    header(out, "student_list_total_cache_requests_total", "counter",
           "Student lists whose total (matching students) came from the cache or a COUNT.");
    sample(out, "student_list_total_cache_requests_total", "result=\"hit\"", double(r.studentTotalCacheHits));
    sample(out, "student_list_total_cache_requests_total", "result=\"miss\"", double(r.studentTotalCacheMisses));
    header(out, "request_log_dropped_total", "counter", "Request log entries dropped because the writer fell behind.");
    sample(out, "request_log_dropped_total", {}, double(r.logEntriesDropped));
    header(out, "database_errors_total", "counter", "Failed database statements.");
    sample(out, "database_errors_total", {}, double(QueryMetrics::instance().errors()));
    header(out, "database_query_duration_seconds", "histogram", "Database statement durations.");
    histogram(out, "database_query_duration_seconds", {}, QueryMetrics::instance().durations());
    header(out, "active_users", "gauge", "Distinct users seen in the last five minutes.");
    sample(out, "active_users", {}, activeUsers());
    const ProcessStats process = readProcessStats();
    header(out, "process_cpu_seconds_total", "counter", "User and system CPU time spent.");
    sample(out, "process_cpu_seconds_total", {}, process.cpuSeconds);
    header(out, "process_resident_memory_bytes", "gauge", "Resident memory size.");
    sample(out, "process_resident_memory_bytes", {}, double(process.residentBytes));
    header(out, "process_open_fds", "gauge", "Open file descriptors.");
    sample(out, "process_open_fds", {}, process.openFds);
    return out;
}

} // namespace academy::http
