// The live monitoring model behind the desktop app: fed by the request log of a real server,
// it hands over new entries and, once a second, a snapshot with rates, latencies by route
// and a growing history.
#include "api_client.h"
#include "checks.h"
#include "monitor.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace academy;
using namespace academy::test;
using academy::http::Monitor;
using academy::http::MonitorSnapshot;

namespace {

constexpr int SnapshotTimeoutMs = 5000; // one is due every second; generous for a busy box

MonitorSnapshot snapshotAt(const QSignalSpy &spy, qsizetype index)
{
    return spy.at(index).at(0).value<MonitorSnapshot>();
}

// Sends every request on one connection at once (pipelined) and reads every reply: the
// whole batch lands within a few milliseconds, inside one monitoring second.
QList<int> pipelined(quint16 port, const QList<QByteArray> &requests)
{
    RawClient client(port);
    QByteArray bytes;
    for (const QByteArray &request : requests)
        bytes += request;
    client.send(bytes);
    QList<int> statuses;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const std::optional<HttpReply> reply = client.readReply();
        statuses.append(reply ? reply->status : 0);
    }
    return statuses;
}

} // namespace

class TestMonitor final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void snapshotComesAboutOnceASecond();
    void requestsPerSecondCountsRequests();
    void errorRateIsTheShareOf5xx();
    void latenciesArePerRoute();
    void historyGrows();
    void entriesArriveWithTheirFields();

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<Monitor> m_monitor;
    QByteArray m_viewerToken;
};

void TestMonitor::initTestCase()
{
    qRegisterMetaType<MonitorSnapshot>();
    qRegisterMetaType<QList<RequestLogEntry>>();
}

void TestMonitor::init()
{
    m_server = TestServer::start(apiServerFlags());
    QVERIFY(m_server);
    QVERIFY(createUser(*m_server, QStringLiteral("viewer@school.test"), Role::Viewer));
    m_viewerToken = login(m_server->port(), QStringLiteral("viewer@school.test"));
    QVERIFY(!m_viewerToken.isEmpty());
    m_monitor = std::make_unique<Monitor>(m_server->server());
}

void TestMonitor::cleanup()
{
    m_monitor.reset();
    m_server.reset();
}

void TestMonitor::snapshotComesAboutOnceASecond()
{
    QSignalSpy spy(m_monitor.get(), &Monitor::snapshotReady);
    QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 4, 4 * SnapshotTimeoutMs);
    // Three ticks of a one-second timer: not much faster, and not much slower on a busy box.
    // A repeating QTimer keeps its schedule: a tick that comes late (a busy box) is followed
    // by one on time, so one gap may be short by however late the first was. The lower bounds
    // are wide for that; twice the rate (two snapshots a tick, a half-second timer) fails.
    const qint64 elapsed = snapshotAt(spy, 0).time.msecsTo(snapshotAt(spy, 3).time);
    QVERIFY2(elapsed >= 2000 && elapsed <= 9000, qPrintable(QStringLiteral("3 ticks in %1 ms").arg(elapsed)));
    for (qsizetype i = 1; i < spy.size(); ++i) {
        const qint64 gap = snapshotAt(spy, i - 1).time.msecsTo(snapshotAt(spy, i).time);
        QVERIFY2(gap > 0 && gap <= 3000, qPrintable(QStringLiteral("%1 ms between snapshots").arg(gap)));
    }
    QVERIFY(snapshotAt(spy, spy.size() - 1).residentBytes > 0);
}

void TestMonitor::requestsPerSecondCountsRequests()
{
    QSignalSpy spy(m_monitor.get(), &Monitor::snapshotReady);
    QVERIFY(spy.wait(SnapshotTimeoutMs));
    const QList<int> statuses = pipelined(m_server->port(), QList<QByteArray>(20, requestBytes("GET", "/")));
    QCOMPARE(statuses, QList<int>(20, 200));
    const qsizetype from = spy.size();
    double counted = 0;
    QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= from + 2, 3 * SnapshotTimeoutMs);
    for (qsizetype i = from; i < spy.size(); ++i)
        counted = qMax(counted, snapshotAt(spy, i).requestsPerSecond);
    // 20 requests in one second; the second may be a little longer than one on a busy box.
    QVERIFY2(counted >= 5 && counted <= 25, qPrintable(QString::number(counted)));
}

// No mock: the students table is dropped under the server, so GET /students really fails.
void TestMonitor::errorRateIsTheShareOf5xx()
{
    {
        Result<QSqlDatabase> db = m_server->database().connection();
        QVERIFY_OK(db);
        QSqlQuery drop(db.value());
        QVERIFY2(drop.exec(QStringLiteral("DROP TABLE students")), qPrintable(drop.lastError().text()));
    }
    const QByteArray failing = requestBytes("GET", "/students", "Authorization: Bearer " + m_viewerToken + "\r\n");
    const QByteArray fine = requestBytes("GET", "/");
    QSignalSpy spy(m_monitor.get(), &Monitor::snapshotReady);
    // One 5xx in four replies; a batch split by a tick boundary is tried again.
    bool measured = false;
    for (int attempt = 0; attempt < 4 && !measured; ++attempt) {
        QVERIFY(spy.wait(SnapshotTimeoutMs)); // just after a tick: most of a second ahead
        QCOMPARE(pipelined(m_server->port(), {failing, fine, fine, fine}), (QList<int>{500, 200, 200, 200}));
        const qsizetype from = spy.size();
        QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= from + 1, SnapshotTimeoutMs);
        const MonitorSnapshot snapshot = snapshotAt(spy, from);
        if (snapshot.requestsPerSecond * (snapshot.time.toMSecsSinceEpoch() - snapshotAt(spy, from - 1).time.toMSecsSinceEpoch())
            < 3500.0)
            continue; // the batch was split between two seconds
        QVERIFY2(qAbs(snapshot.errorRate - 0.25) < 1e-9, qPrintable(QString::number(snapshot.errorRate)));
        QCOMPARE(snapshot.clientErrorRate, 0.0);
        measured = true;
    }
    QVERIFY2(measured, "every batch was split between two seconds");
    // A second with only good replies has no errors.
    QCOMPARE(pipelined(m_server->port(), {fine, fine}), (QList<int>{200, 200}));
    const qsizetype from = spy.size();
    QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= from + 2, 3 * SnapshotTimeoutMs);
    QCOMPARE(snapshotAt(spy, from + 1).errorRate, 0.0);
}

void TestMonitor::latenciesArePerRoute()
{
    QSignalSpy spy(m_monitor.get(), &Monitor::snapshotReady);
    const QByteArray auth = "Authorization: Bearer " + m_viewerToken + "\r\n";
    QCOMPARE(pipelined(m_server->port(), {requestBytes("GET", "/students", auth), requestBytes("GET", "/students/7", auth),
                                          requestBytes("GET", "/students/8", auth), requestBytes("GET", "/")}),
             (QList<int>{200, 404, 404, 200}));
    QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 2, 3 * SnapshotTimeoutMs);
    const MonitorSnapshot snapshot = snapshotAt(spy, spy.size() - 1);
    QHash<QString, http::RouteLatency> routes;
    for (const http::RouteLatency &route : snapshot.routes)
        routes.insert(route.route, route);
    QVERIFY2(routes.contains(QStringLiteral("/students/:id")), qPrintable(routes.keys().join(QLatin1Char(' '))));
    QVERIFY(routes.contains(QStringLiteral("/students")));
    QVERIFY(routes.contains(QStringLiteral("/")));
    QVERIFY2(!routes.contains(QStringLiteral("/students/7")), "a raw path became a route");
    QCOMPARE(routes.value(QStringLiteral("/students/:id")).requests, quint64(2));
    for (const http::RouteLatency &route : std::as_const(routes)) {
        QVERIFY(route.p50Ms >= 0);
        QVERIFY(route.p95Ms >= route.p50Ms);
        QVERIFY(route.p99Ms >= route.p95Ms);
    }
    QVERIFY(snapshot.p99Ms > 0);
    QVERIFY(snapshot.p99Ms >= snapshot.p50Ms);
}

void TestMonitor::historyGrows()
{
    QSignalSpy spy(m_monitor.get(), &Monitor::snapshotReady);
    QVERIFY(spy.wait(SnapshotTimeoutMs));
    const qsizetype before = m_monitor->history().size();
    QVERIFY(before >= 1);
    QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 3, 3 * SnapshotTimeoutMs);
    QCOMPARE(m_monitor->history().size(), before + spy.size() - 1);
    QCOMPARE(m_monitor->history().last().time, snapshotAt(spy, spy.size() - 1).time);
    QVERIFY(m_monitor->history().first().time < m_monitor->history().last().time);
}

void TestMonitor::entriesArriveWithTheirFields()
{
    QSignalSpy spy(m_monitor.get(), &Monitor::entriesArrived);
    const QByteArray requestId = "monitor-probe-0001";
    const std::optional<HttpReply> reply =
        httpExchange(m_server->port(), requestBytes("GET", "/students/42?x=1",
                                                    "X-Request-Id: " + requestId + "\r\nAuthorization: Bearer "
                                                        + m_viewerToken + "\r\n"));
    QVERIFY(reply);
    QCOMPARE(reply->status, 404);
    const auto arrived = [&]() -> std::optional<RequestLogEntry> {
        for (const QList<QVariant> &signal : std::as_const(spy)) {
            for (const RequestLogEntry &entry : signal.at(0).value<QList<RequestLogEntry>>()) {
                if (entry.requestId == requestId)
                    return entry;
            }
        }
        return std::nullopt;
    };
    QTRY_VERIFY_WITH_TIMEOUT(arrived().has_value(), SnapshotTimeoutMs);
    const RequestLogEntry entry = *arrived();
    QCOMPARE(entry.method, QByteArray("GET"));
    QCOMPARE(entry.path, QStringLiteral("/students/42?x=1"));
    QCOMPARE(entry.route, QStringLiteral("/students/:id"));
    QCOMPARE(entry.status, 404);
    QVERIFY(entry.userId.has_value());
    QVERIFY(entry.durationMs >= 0);
    // Only new entries: the sign-in before the monitor existed is not handed over.
    for (const QList<QVariant> &signal : std::as_const(spy)) {
        for (const RequestLogEntry &e : signal.at(0).value<QList<RequestLogEntry>>())
            QVERIFY2(e.path != QStringLiteral("/login"), "an entry from before the monitor arrived");
    }
}

QTEST_GUILESS_MAIN(TestMonitor)
#include "tst_monitor.moc"
