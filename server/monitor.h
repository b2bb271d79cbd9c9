#pragma once

#include "latency_histogram.h"
#include "log_subscription.h"
#include "request_log_entry.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QQueue>
#include <QTimer>

#include <memory>

namespace academy::http {

class HttpServer;

struct RouteLatency
{
    QString route;
    quint64 requests = 0;
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
};

// One second of the server, as the monitoring tab draws it.
struct MonitorSnapshot
{
    QDateTime time;
    double requestsPerSecond = 0; // in the last second
    double errorRate = 0;         // share of 5xx replies in the last second, 0..1
    double clientErrorRate = 0;   // share of 4xx
    double p50Ms = 0;             // over the last minute
    double p95Ms = 0;
    double p99Ms = 0;
    QList<RouteLatency> routes;   // over the last minute, slowest p99 first
    int openConnections = 0;
    quint64 refusedConnections = 0;
    quint64 rateLimited = 0;
    quint64 loginFailures = 0;
    double cpuPercent = 0;        // of one core
    qint64 residentBytes = 0;
};

// The live model behind the desktop app's Monitoring and Logs tabs: fed by the request
// log's subscription (never by polling the database), it emits each batch of new entries
// and, once a second, a snapshot; it keeps the last hour of snapshots for the charts.
class Monitor final : public QObject
{
    Q_OBJECT

public:
    static constexpr int HistorySeconds = 3600;

    explicit Monitor(HttpServer &server, QObject *parent = nullptr);
    ~Monitor() override;

    const QQueue<MonitorSnapshot> &history() const { return m_history; }

Q_SIGNALS:
    void entriesArrived(const QList<academy::RequestLogEntry> &entries);
    void snapshotReady(const academy::http::MonitorSnapshot &snapshot);

private:
    struct Second
    {
        quint64 requests = 0;
        quint64 serverErrors = 0;
        quint64 clientErrors = 0;
        LatencyHistogram all;
        QHash<QString, LatencyHistogram> byRoute;
    };

    void drain();
    void tick();
    MonitorSnapshot summarize(const Second &current);

    HttpServer &m_server;
    std::shared_ptr<LogSubscription> m_subscription;
    QTimer m_drainTimer;
    QTimer m_tickTimer;
    Second m_current;
    QQueue<Second> m_lastMinute;
    QQueue<MonitorSnapshot> m_history;
    double m_lastCpuSeconds = -1;
    qint64 m_lastTickMs = 0;
};

} // namespace academy::http
