#include "monitor.h"

#include "auth_service.h"
#include "http_server.h"
#include "process_stats.h"

namespace academy::http {

namespace {
constexpr qsizetype SubscriptionCapacity = 200000;
constexpr int DrainMs = 250;
}

Monitor::Monitor(HttpServer &server, QObject *parent) : QObject(parent), m_server(server)
{
    m_subscription = server.requestLog().subscribe(SubscriptionCapacity, {});
    connect(&m_drainTimer, &QTimer::timeout, this, &Monitor::drain);
    connect(&m_tickTimer, &QTimer::timeout, this, &Monitor::tick);
    m_drainTimer.start(DrainMs);
    m_tickTimer.start(1000);
    m_lastTickMs = QDateTime::currentMSecsSinceEpoch();
}

Monitor::~Monitor()
{
    m_server.requestLog().unsubscribe(m_subscription);
}

void Monitor::drain()
{
    if (m_subscription->overflowed()) { // the app was frozen for long: start again
        m_server.requestLog().unsubscribe(m_subscription);
        m_subscription = m_server.requestLog().subscribe(SubscriptionCapacity, {});
    }
    const QList<RequestLogEntry> entries = m_subscription->take();
    if (entries.isEmpty())
        return;
    for (const RequestLogEntry &entry : entries) {
        ++m_current.requests;
        m_current.serverErrors += entry.status >= 500 ? 1 : 0;
        m_current.clientErrors += entry.status >= 400 && entry.status < 500 ? 1 : 0;
        m_current.all.add(entry.durationMs / 1000.0);
        m_current.byRoute[entry.route.isEmpty() ? QStringLiteral("(unmatched)") : entry.route].add(entry.durationMs / 1000.0);
    }
    Q_EMIT entriesArrived(entries);
}

void Monitor::tick()
{
    drain();
    const MonitorSnapshot snapshot = summarize(m_current);
    m_lastMinute.enqueue(std::exchange(m_current, Second{}));
    while (m_lastMinute.size() > 60)
        m_lastMinute.dequeue();
    m_history.enqueue(snapshot);
    while (m_history.size() > HistorySeconds)
        m_history.dequeue();
    Q_EMIT snapshotReady(snapshot);
}

MonitorSnapshot Monitor::summarize(const Second &current)
{
    MonitorSnapshot s;
    s.time = QDateTime::currentDateTimeUtc();
    const qint64 nowMs = s.time.toMSecsSinceEpoch();
    const double seconds = qMax(0.001, (nowMs - m_lastTickMs) / 1000.0);
    s.requestsPerSecond = current.requests / seconds;
    s.errorRate = current.requests ? double(current.serverErrors) / double(current.requests) : 0;
    s.clientErrorRate = current.requests ? double(current.clientErrors) / double(current.requests) : 0;
    LatencyHistogram minute = current.all;
    QHash<QString, LatencyHistogram> routes = current.byRoute;
    for (const Second &past : std::as_const(m_lastMinute)) {
        minute.merge(past.all);
        for (auto it = past.byRoute.cbegin(); it != past.byRoute.cend(); ++it)
            routes[it.key()].merge(it.value());
    }
    s.p50Ms = minute.percentileMs(0.50);
    s.p95Ms = minute.percentileMs(0.95);
    s.p99Ms = minute.percentileMs(0.99);
    for (auto it = routes.cbegin(); it != routes.cend(); ++it)
        s.routes.append({it.key(), it->count(), it->percentileMs(0.5), it->percentileMs(0.95), it->percentileMs(0.99)});
    std::sort(s.routes.begin(), s.routes.end(), [](const RouteLatency &a, const RouteLatency &b) { return a.p99Ms > b.p99Ms; });
    ServerContext &context = m_server.context();
    s.openConnections = context.connectionLimits.open();
    s.refusedConnections = context.connectionLimits.refused(RefusalReason::TotalLimit)
                           + context.connectionLimits.refused(RefusalReason::AddressLimit);
    s.rateLimited = context.metrics.rateLimitedCount();
    s.loginFailures = m_server.auth().loginFailures();
    const ProcessStats process = readProcessStats();
    if (m_lastCpuSeconds >= 0)
        s.cpuPercent = 100.0 * (process.cpuSeconds - m_lastCpuSeconds) / seconds;
    m_lastCpuSeconds = process.cpuSeconds;
    s.residentBytes = process.residentBytes;
    m_lastTickMs = nowMs;
    return s;
}

} // namespace academy::http
