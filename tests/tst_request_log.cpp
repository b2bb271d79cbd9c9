// The request log of the contract's Logs section, against the real server on both engines: an
// entry for every finished request (2xx, 4xx, 5xx, refused and timed-out ones) with the right
// fields. GET /logs' filters, pagination and masking: tst_logs_query; GET /audit: tst_audit_log.
#include "checks.h"
#include "logs_fixture.h"
#include "request_log.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace academy;
using namespace academy::test;

class TestRequestLog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { addEngineRows(); }
    void init() { QVERIFY(m_log.start()); }
    void cleanup() { m_log.stop(); }

    void successfulRequestIsLogged();
    void clientErrorIsLogged();
    void anonymousRequestHasNoUser();
    void loginIsLoggedAsTheUserItSignedIn_data();
    void loginIsLoggedAsTheUserItSignedIn();
    void serverErrorIsLoggedAndLeaksNothing();
    void refusedRequestIsLogged();
    void timedOutRequestIsLogged();
    void controlCharactersInThePathLoseNoEntry();
    void pathIsStoredAsDecoded_data();
    void pathIsStoredAsDecoded();

private:
    LogsFixture m_log;
};

void TestRequestLog::successfulRequestIsLogged()
{
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    const HttpReply reply = ApiClient(m_log.port(), m_log.accounts().adminToken).get("/students");
    QCOMPARE(reply.status, 200);
    const QJsonObject entry = m_log.entryOf(reply);
    QVERIFY2(!entry.isEmpty(), reply.header("X-Request-Id").constData());

    QVERIFY(entry.value(QStringLiteral("id")).toDouble() > 0);
    const QDateTime time = QDateTime::fromString(entry.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    QVERIFY2(time >= before && time <= QDateTime::currentDateTimeUtc(), qPrintable(describe(entry)));
    QCOMPARE(entry.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), QStringLiteral("/students"));
    QCOMPARE(entry.value(QStringLiteral("route")).toString(), QStringLiteral("/students"));
    QCOMPARE(entry.value(QStringLiteral("status")).toInt(), 200);
    QVERIFY(entry.value(QStringLiteral("durationMs")).isDouble());
    QVERIFY(entry.value(QStringLiteral("durationMs")).toDouble() >= 0);
    // The reply's size on the wire: at least its status line and body.
    QVERIFY2(entry.value(QStringLiteral("bytes")).toDouble() >= double(reply.body.size() + 17), qPrintable(describe(entry)));
    QCOMPARE(entry.value(QStringLiteral("remoteAddress")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(qint64(entry.value(QStringLiteral("userId")).toDouble()), m_log.accounts().admin.id);
}

void TestRequestLog::clientErrorIsLogged()
{
    const HttpReply reply = ApiClient(m_log.port(), m_log.accounts().viewerToken).get("/students/999999");
    QCOMPARE(reply.status, 404);
    const QJsonObject entry = m_log.entryOf(reply);
    QVERIFY(!entry.isEmpty());
    QCOMPARE(entry.value(QStringLiteral("status")).toInt(), 404);
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), QStringLiteral("/students/999999"));
    QCOMPARE(entry.value(QStringLiteral("route")).toString(), QStringLiteral("/students/:id"));
    QCOMPARE(qint64(entry.value(QStringLiteral("userId")).toDouble()), m_log.accounts().viewer.id);
    QVERIFY(entry.value(QStringLiteral("bytes")).toDouble() > reply.body.size());
}

void TestRequestLog::anonymousRequestHasNoUser()
{
    const HttpReply reply = ApiClient(m_log.port()).get("/students");
    QCOMPARE(reply.status, 401);
    const QJsonObject entry = m_log.entryOf(reply);
    QVERIFY(!entry.isEmpty());
    QCOMPARE(entry.value(QStringLiteral("status")).toInt(), 401);
    QVERIFY2(entry.value(QStringLiteral("userId")).isNull(), qPrintable(describe(entry)));
}

void TestRequestLog::loginIsLoggedAsTheUserItSignedIn_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("hasUser"); // a failed login stays anonymous, as it answered

    QTest::newRow("signed in") << AccountPassword << 200 << true;
    QTest::newRow("wrong password") << QStringLiteral("not the password at all") << 401 << false;
}

// A login carries no token, yet a successful one tells who the client is: /logs?userId=
// finds a user's logins beside the rest of what they did.
void TestRequestLog::loginIsLoggedAsTheUserItSignedIn()
{
    QFETCH(QString, password);
    QFETCH(int, status);
    QFETCH(bool, hasUser);
    const HttpReply reply = ApiClient(m_log.port())
                                .send("POST", "/login",
                                      QJsonObject{{QStringLiteral("email"), m_log.accounts().staff.email},
                                                  {QStringLiteral("password"), password}});
    QCOMPARE(reply.status, status);
    const QJsonObject entry = m_log.entryOf(reply);
    QVERIFY2(!entry.isEmpty(), reply.header("X-Request-Id").constData());
    QCOMPARE(entry.value(QStringLiteral("route")).toString(), QStringLiteral("/login"));
    if (hasUser)
        QCOMPARE(qint64(entry.value(QStringLiteral("userId")).toDouble()), m_log.accounts().staff.id);
    else
        QVERIFY2(entry.value(QStringLiteral("userId")).isNull(), qPrintable(describe(entry)));
}

// No mock: the database really fails under the route (its table is gone).
void TestRequestLog::serverErrorIsLoggedAndLeaksNothing()
{
    {
        Result<QSqlDatabase> db = m_log.server().database().connection();
        QVERIFY_OK(db);
        QSqlQuery drop(db.value());
        QVERIFY2(drop.exec(QStringLiteral("DROP TABLE students")), qPrintable(drop.lastError().text()));
    }
    const HttpReply reply = ApiClient(m_log.port(), m_log.accounts().viewerToken).get("/students");
    QVERIFY_ERROR_REPLY(reply, 500, QStringLiteral("internal_error"));
    const QByteArray body = reply.body.toLower();
    for (const QByteArray &leak : {QByteArray("students"), QByteArray("select"), QByteArray("table"),
                                   QByteArray("sql"), QByteArray("relation"), QByteArray("/tmp"),
                                   m_log.server().dataDir().toLower().toUtf8(), QByteArray(".cpp")})
        QVERIFY2(!body.contains(leak), reply.body.constData());

    const QJsonObject entry = m_log.entryOf(reply);
    QVERIFY(!entry.isEmpty());
    QCOMPARE(entry.value(QStringLiteral("status")).toInt(), 500);
    QCOMPARE(entry.value(QStringLiteral("route")).toString(), QStringLiteral("/students"));
    QCOMPARE(qint64(entry.value(QStringLiteral("userId")).toDouble()), m_log.accounts().viewer.id);
}

void TestRequestLog::refusedRequestIsLogged()
{
    RawClient client(m_log.port());
    client.send("POST /students HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Content-Length: 4096\r\n\r\n"); // over --max-body 1024; the body never comes
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QVERIFY_ERROR_REPLY(*reply, 413, QStringLiteral("payload_too_large"));

    const QJsonObject entry = m_log.entryOf(*reply);
    QVERIFY2(!entry.isEmpty(), reply->header("X-Request-Id").constData());
    QCOMPARE(entry.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), QStringLiteral("/students"));
    QCOMPARE(entry.value(QStringLiteral("status")).toInt(), 413);
    QCOMPARE(entry.value(QStringLiteral("remoteAddress")).toString(), QStringLiteral("127.0.0.1"));
    QVERIFY(entry.value(QStringLiteral("durationMs")).toDouble() >= 0);
    QVERIFY2(entry.value(QStringLiteral("bytesIn")).toDouble() > 0, qPrintable(describe(entry)));
    // The refusal was sent: its size counts like any reply's.
    QVERIFY2(entry.value(QStringLiteral("bytes")).toDouble() >= double(reply->body.size() + 17), qPrintable(describe(entry)));
}

void TestRequestLog::timedOutRequestIsLogged()
{
    const auto server = TestServer::start(apiServerFlags({QStringLiteral("--header-timeout"), QStringLiteral("1")}), 0,
                                          currentEngine());
    QVERIFY(server);
    RawClient client(server->port());
    client.send("POST /students?password=hunter2hunter2 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":"); // the rest never comes
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 408);
    http::RequestLog &log = server->server().requestLog();
    log.flush();
    const QList<RequestLogEntry> recent = log.recent(100);
    const auto entry = std::find_if(recent.cbegin(), recent.cend(),
                                    [&](const RequestLogEntry &e) { return e.requestId == reply->header("X-Request-Id"); });
    QVERIFY(entry != recent.cend());
    QCOMPARE(entry->status, 408);
    QCOMPARE(entry->method, QByteArray("POST"));
    QCOMPARE(entry->path, QStringLiteral("/students?password=***"));
    QCOMPARE(entry->remoteAddress, QStringLiteral("127.0.0.1"));
}

// A decoded NUL cannot be stored in PostgreSQL text: the path is logged with its control
// characters encoded again, and the entries written in the same batch are all kept.
void TestRequestLog::controlCharactersInThePathLoseNoEntry()
{
    ApiClient client(m_log.port());
    const HttpReply before = client.get("/");
    const HttpReply nul = client.get("/a%00b%0Ac%1b");
    const HttpReply after = client.get("/");
    QCOMPARE(nul.status, 404);
    const QJsonObject entry = m_log.entryOf(nul);
    QVERIFY2(!entry.isEmpty(), "the entry of the request with a NUL was lost");
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), QStringLiteral("/a%00b%0Ac%1B"));
    QVERIFY(!m_log.entryOf(before).isEmpty());
    QVERIFY(!m_log.entryOf(after).isEmpty());
    QCOMPARE(m_log.server().server().requestLog().dropped(), quint64(0));
}

void TestRequestLog::pathIsStoredAsDecoded_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("logged");
    // PostgreSQL's COPY text format reads a backslash and "n" as a newline, and one and "N" as NULL:
    // a backslash must reach the table as itself.
    QTest::newRow("backslash") << QByteArray("/x%5Cy") << QStringLiteral("/x\\y");
    QTest::newRow("backslash then n") << QByteArray("/x%5Cn") << QStringLiteral("/x\\n");
    QTest::newRow("backslash then N") << QByteArray("/%5CN") << QStringLiteral("/\\N");
    QTest::newRow("two backslashes") << QByteArray("/%5C%5C") << QStringLiteral("/\\\\");
    QTest::newRow("not ASCII") << QByteArray("/caf%C3%A9-%E2%82%AC") << QStringLiteral("/caf\u00e9-\u20ac");
}

void TestRequestLog::pathIsStoredAsDecoded()
{
    QFETCH(QByteArray, target);
    QFETCH(QString, logged);
    const HttpReply reply = ApiClient(m_log.port()).get(target);
    QCOMPARE(reply.status, 404);
    const QJsonObject entry = m_log.entryOf(reply); // read back from the database
    QVERIFY2(!entry.isEmpty(), reply.header("X-Request-Id").constData());
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), logged);
}

QTEST_GUILESS_MAIN(TestRequestLog)
#include "tst_request_log.moc"
