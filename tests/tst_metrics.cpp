// GET /metrics: who may read it, that promtool accepts it, that its series stay bounded
// whatever paths clients invent, and that its counters move with what happens.
#include "api_client.h"
#include "pipelined_load.h"

#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>

#include <cmath>

using namespace academy;
using namespace academy::test;

namespace {

constexpr int LoadTimeoutMs = 120000;
const QByteArray MetricsToken = "scraper-token-0123456789";
const QHostAddress Scraper(QStringLiteral("127.0.0.2")); // its own address: apart from rate limits and caps

// The value of one sample, e.g. `http_rate_limited_total` or
// `http_requests_total{method="GET",route="/",status="200"}`; NaN when it is not there.
double sampleValue(const QByteArray &text, const QByteArray &series)
{
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(series + ' '))
            return line.mid(series.size() + 1).toDouble();
    }
    return std::nan("");
}

qsizetype linesStartingWith(const QByteArray &text, const QByteArray &prefix)
{
    qsizetype count = 0;
    for (const QByteArray &line : text.split('\n'))
        count += line.startsWith(prefix) ? 1 : 0;
    return count;
}

QByteArray requestsSeries(const QByteArray &method, const QByteArray &route, int status)
{
    return "http_requests_total{method=\"" + method + "\",route=\"" + route + "\",status=\"" + QByteArray::number(status) + "\"}";
}

} // namespace

class TestMetrics final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void anonymousIs401();
    void nonAdminIs403();
    void wrongMetricsTokenIs401();
    void adminMayRead();
    void metricsTokenMayRead();
    void promtoolAcceptsTheExposition();
    void seriesStayBoundedAfterRandomPaths();
    void requestsAreCountedByRoutePattern();
    void methodNotAllowedIsCountedUnderItsRoute();
    void loginFailuresAreCounted();
    void rateLimitedRequestsAreCounted();
    void refusedConnectionsAreCounted();
    void processMetricsArePresent();

private:
    // GET /metrics with the metrics token, from the scraper's address.
    QByteArray scrape(TestServer &server);

    std::unique_ptr<TestServer> m_server; // rate limit off, a metrics token
    Accounts m_accounts;
};

void TestMetrics::initTestCase()
{
    m_server = TestServer::start(apiServerFlags({QStringLiteral("--metrics-token"), QString::fromLatin1(MetricsToken)}));
    QVERIFY(m_server);
    const std::optional<Accounts> accounts = createAccounts(*m_server);
    QVERIFY(accounts);
    m_accounts = *accounts;
}

void TestMetrics::cleanupTestCase()
{
    m_server.reset();
}

QByteArray TestMetrics::scrape(TestServer &server)
{
    const HttpReply reply = ApiClient(server.port(), MetricsToken, Scraper).get("/metrics");
    if (reply.status != 200)
        qWarning("GET /metrics answered %d: %s", reply.status, reply.body.constData());
    return reply.body;
}

void TestMetrics::anonymousIs401()
{
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port()).get("/metrics"), 401, QStringLiteral("unauthorized"));
}

void TestMetrics::nonAdminIs403()
{
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port(), m_accounts.staffToken).get("/metrics"), 403, QStringLiteral("forbidden"));
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port(), m_accounts.viewerToken).get("/metrics"), 403, QStringLiteral("forbidden"));
}

void TestMetrics::wrongMetricsTokenIs401()
{
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port(), MetricsToken + "x").get("/metrics"), 401, QStringLiteral("unauthorized"));
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port(), MetricsToken.left(10)).get("/metrics"), 401, QStringLiteral("unauthorized"));
    // The metrics token opens /metrics only.
    QCOMPARE(ApiClient(m_server->port(), MetricsToken).get("/logs").status, 401);
}

void TestMetrics::adminMayRead()
{
    const HttpReply reply = ApiClient(m_server->port(), m_accounts.adminToken).get("/metrics");
    QCOMPARE(reply.status, 200);
    QVERIFY2(reply.header("Content-Type").startsWith("text/plain; version=0.0.4"), reply.header("Content-Type").constData());
    QVERIFY(reply.body.contains("# TYPE http_requests_total counter"));
}

void TestMetrics::metricsTokenMayRead()
{
    const HttpReply reply = ApiClient(m_server->port(), MetricsToken).get("/metrics");
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.body.contains("# TYPE http_requests_total counter"));
    // A scraper may send the token bare, as the course's clients do with JWTs.
    QCOMPARE(httpExchange(m_server->port(), requestBytes("GET", "/metrics", "Authorization: " + MetricsToken + "\r\n"))
                 .value_or(HttpReply{}).status,
             200);
}

// Never skipped: promtool comes with Debian's prometheus package (.ci/deps installs it).
void TestMetrics::promtoolAcceptsTheExposition()
{
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    QVERIFY2(!promtool.isEmpty(), "promtool not found: apt-get install prometheus (see .ci/deps)");
    // Some of everything first: a histogram per route, errors, a failed login.
    QCOMPARE(ApiClient(m_server->port(), m_accounts.viewerToken).get("/students/1").status, 404);
    QVERIFY(login(m_server->port(), QStringLiteral("viewer@school.test"), QStringLiteral("not the password")).isEmpty());
    const QByteArray exposition = scrape(*m_server);
    QVERIFY(!exposition.isEmpty());

    QProcess check;
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(check.waitForStarted(ReplyTimeoutMs));
    check.write(exposition);
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(60000));
    const QByteArray output = check.readAllStandardOutput() + check.readAllStandardError();
    QVERIFY2(check.exitStatus() == QProcess::NormalExit && check.exitCode() == 0, output.constData());
}

void TestMetrics::seriesStayBoundedAfterRandomPaths()
{
    QCOMPARE(ApiClient(m_server->port()).get("/warm-up-404").status, 404);
    const QByteArray before = scrape(*m_server);
    const qsizetype requestSeries = linesStartingWith(before, "http_requests_total");
    const qsizetype durationSeries = linesStartingWith(before, "http_request_duration_seconds");
    QVERIFY(requestSeries > 0);

    QRandomGenerator random(20261124);
    const LoadResult load = runPipelinedLoad(
        m_server->port(), 100000, 4, 100,
        [&random](qint64 i) {
            return requestBytes("GET", "/random/" + QByteArray::number(i) + '/' + QByteArray::number(random.generate(), 36));
        },
        LoadTimeoutMs);
    QVERIFY2(load.complete(100000), qPrintable(QStringLiteral("%1 of 100000 replies in %2 ms").arg(load.replies).arg(load.elapsedMs)));
    QCOMPARE(load.statuses.value(404), qint64(100000));

    const QByteArray after = scrape(*m_server);
    qInfo("series after 100000 random 404 paths: http_requests_total %lld -> %lld, duration lines %lld -> %lld",
          qint64(requestSeries), qint64(linesStartingWith(after, "http_requests_total")), qint64(durationSeries),
          qint64(linesStartingWith(after, "http_request_duration_seconds")));
    QVERIFY(linesStartingWith(after, "http_requests_total") <= requestSeries + 5);
    QVERIFY(linesStartingWith(after, "http_request_duration_seconds") <= durationSeries + 5 * 20);
    QVERIFY(!after.contains("/random/"));
    QVERIFY(sampleValue(after, requestsSeries("GET", "unmatched", 404)) >= 100001);
}

void TestMetrics::requestsAreCountedByRoutePattern()
{
    const QByteArray series = requestsSeries("GET", "/students/:id", 404);
    const double before = qMax(0.0, sampleValue(scrape(*m_server), series)); // NaN (absent) counts as 0
    for (const QByteArray &path : {QByteArray("/students/101"), QByteArray("/students/102"), QByteArray("/students/103")})
        QCOMPARE(ApiClient(m_server->port(), m_accounts.viewerToken).get(path).status, 404);
    const QByteArray after = scrape(*m_server);
    QCOMPARE(sampleValue(after, series), before + 3);
    QVERIFY(!after.contains("/students/101"));
    QVERIFY(sampleValue(after, requestsSeries("GET", "/metrics", 200)) >= 1);
    QVERIFY(sampleValue(after, "http_request_duration_seconds_count{route=\"/students/:id\"}") >= 3);
}

// A known path asked with a method it does not take is that route's 405, not an unknown path.
void TestMetrics::methodNotAllowedIsCountedUnderItsRoute()
{
    const QByteArray series = requestsSeries("PUT", "/students", 405);
    const double before = qMax(0.0, sampleValue(scrape(*m_server), series));
    QCOMPARE(ApiClient(m_server->port(), m_accounts.adminToken).send("PUT", "/students", QJsonObject{}).status, 405);
    QCOMPARE(sampleValue(scrape(*m_server), series), before + 1);
}

void TestMetrics::loginFailuresAreCounted()
{
    const double before = sampleValue(scrape(*m_server), "auth_login_failures_total");
    QVERIFY(!std::isnan(before));
    QVERIFY(login(m_server->port(), QStringLiteral("staff@school.test"), QStringLiteral("wrong password!")).isEmpty());
    QVERIFY(login(m_server->port(), QStringLiteral("nobody@school.test"), QStringLiteral("wrong password!")).isEmpty());
    const QByteArray after = scrape(*m_server);
    QCOMPARE(sampleValue(after, "auth_login_failures_total"), before + 2);
    QVERIFY(sampleValue(after, requestsSeries("POST", "/login", 401)) >= 2);
}

void TestMetrics::rateLimitedRequestsAreCounted()
{
    const auto server = TestServer::start({QStringLiteral("--rate-limit"), QStringLiteral("1/1"),
                                           QStringLiteral("--metrics-token"), QString::fromLatin1(MetricsToken)});
    QVERIFY(server);
    int limited = 0;
    for (int i = 0; i < 5; ++i)
        limited += ApiClient(server->port()).get("/").status == 429 ? 1 : 0;
    QVERIFY2(limited >= 3, qPrintable(QString::number(limited)));
    const QByteArray metrics = scrape(*server); // from 127.0.0.2: a bucket of its own
    QVERIFY(!metrics.isEmpty());
    QCOMPARE(sampleValue(metrics, "http_rate_limited_total"), double(limited));
    double answered429 = 0; // refused before routing: whatever route label they carry
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.startsWith("http_requests_total{") && line.contains("status=\"429\""))
            answered429 += line.mid(line.lastIndexOf(' ') + 1).toDouble();
    }
    QCOMPARE(answered429, double(limited));
}

void TestMetrics::refusedConnectionsAreCounted()
{
    const auto server = TestServer::start(apiServerFlags({QStringLiteral("--max-connections-per-address"), QStringLiteral("2"),
                                                          QStringLiteral("--metrics-token"), QString::fromLatin1(MetricsToken)}));
    QVERIFY(server);
    QCOMPARE(sampleValue(scrape(*server), "http_refused_connections_total{reason=\"address_limit\"}"), 0.0);
    RawClient first(server->port());
    RawClient second(server->port());
    first.send(requestBytes("GET", "/"));
    second.send(requestBytes("GET", "/"));
    QVERIFY(first.readReply());
    QVERIFY(second.readReply()); // both accepted and held open
    RawClient third(server->port());
    RawClient fourth(server->port());
    QVERIFY2(third.waitForClose(), "a third connection from one address was kept");
    QVERIFY2(fourth.waitForClose(), "a fourth connection from one address was kept");
    const QByteArray metrics = scrape(*server);
    QCOMPARE(sampleValue(metrics, "http_refused_connections_total{reason=\"address_limit\"}"), 2.0);
    QCOMPARE(sampleValue(metrics, "http_refused_connections_total{reason=\"total_limit\"}"), 0.0);
    QVERIFY(sampleValue(metrics, "http_open_connections") >= 3); // the two, and the scraper's
}

void TestMetrics::processMetricsArePresent()
{
    const QByteArray metrics = scrape(*m_server);
    QVERIFY(sampleValue(metrics, "process_cpu_seconds_total") > 0);
    QVERIFY(sampleValue(metrics, "process_resident_memory_bytes") > 1024 * 1024);
    QVERIFY(sampleValue(metrics, "process_open_fds") >= 3);
    for (const QByteArray &name : {QByteArray("http_requests_in_flight"), QByteArray("request_log_dropped_total"),
                                   QByteArray("database_errors_total"), QByteArray("active_users"),
                                   QByteArray("auth_lockouts_total")})
        QVERIFY2(!std::isnan(sampleValue(metrics, name)), name.constData());
    QVERIFY(metrics.contains("database_query_duration_seconds_bucket{le=\"+Inf\"}"));
    QVERIFY(sampleValue(metrics, "active_users") >= 1);
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
