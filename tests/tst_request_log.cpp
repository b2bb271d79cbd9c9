// The request log of the contract's Logs section, against the real server on both engines: an
// entry for every finished request (2xx, 4xx, 5xx, refused and timed-out ones) with the right
// fields, GET /logs' filters and pagination, masked query values. GET /audit: tst_audit_log.
#include "api_client.h"
#include "checks.h"
#include "request_log.h"

#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace academy;
using namespace academy::test;

namespace {

QByteArray uniqueWord()
{
    return QUuid::createUuid().toString(QUuid::Id128).left(12).toLatin1();
}

QByteArray isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs).toLatin1();
}

QString describe(const QJsonValue &value)
{
    return QString::fromUtf8(compactJson(value));
}

} // namespace

class TestRequestLog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void successfulRequestIsLogged();
    void clientErrorIsLogged();
    void anonymousRequestHasNoUser();
    void loginIsLoggedAsTheUserItSignedIn_data();
    void loginIsLoggedAsTheUserItSignedIn();
    void serverErrorIsLoggedAndLeaksNothing();
    void refusedRequestIsLogged();
    void timedOutRequestIsLogged();
    void logsNeedAnAdmin();
    void filterByMethod();
    void filterByExactStatus();
    void filterByStatusClass();
    void filterByPathSubstring();
    void filterByUserId();
    void filterBySinceAndUntil();
    void paginationWithTotalCount();
    void badFiltersAre400_data();
    void badFiltersAre400();
    void secretQueryValuesAreMasked_data();
    void secretQueryValuesAreMasked();
    void refusedRequestQueryIsMasked();
    void controlCharactersInThePathLoseNoEntry();

private:
    // GET /logs?<query> as the admin, after everything recorded so far is written.
    HttpReply logs(const QByteArray &query);
    QJsonArray logItems(const QByteArray &query);
    // The logged entry of the reply with that X-Request-Id (an empty object when none).
    QJsonObject entryOf(const HttpReply &reply);
    // A student made by the staff account over the API; its id.
    qint64 createStudent(const QString &name);

    std::unique_ptr<TestServer> m_server; // MAX_BODY 1024, rate limit off
    Accounts m_accounts;
};

void TestRequestLog::initTestCase_data()
{
    addEngineRows();
}

void TestRequestLog::init()
{
    m_server = TestServer::start(apiServerFlags({QStringLiteral("--max-body"), QStringLiteral("1024")}), 0,
                                 currentEngine());
    QVERIFY(m_server);
    const std::optional<Accounts> accounts = createAccounts(*m_server);
    QVERIFY(accounts);
    m_accounts = *accounts;
}

void TestRequestLog::cleanup()
{
    m_server.reset();
}

HttpReply TestRequestLog::logs(const QByteArray &query)
{
    m_server->server().requestLog().flush();
    return ApiClient(m_server->port(), m_accounts.adminToken).get("/logs?" + query);
}

QJsonArray TestRequestLog::logItems(const QByteArray &query)
{
    const HttpReply reply = logs(query);
    if (reply.status != 200)
        qWarning("GET /logs?%s answered %d: %s", query.constData(), reply.status, reply.body.constData());
    return jsonArray(reply);
}

QJsonObject TestRequestLog::entryOf(const HttpReply &reply)
{
    const QByteArray requestId = reply.header("X-Request-Id");
    for (const QJsonValue &item : logItems("limit=1000")) {
        if (item.toObject().value(QStringLiteral("requestId")).toString().toLatin1() == requestId)
            return item.toObject();
    }
    return {};
}

qint64 TestRequestLog::createStudent(const QString &name)
{
    const HttpReply reply = ApiClient(m_server->port(), m_accounts.staffToken)
                                .send("POST", "/students",
                                      QJsonObject{{QStringLiteral("name"), name},
                                                  {QStringLiteral("course"), QStringLiteral("Logging")},
                                                  {QStringLiteral("grade"), 50}});
    if (reply.status != 201)
        return 0;
    return qint64(reply.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("id")).toDouble());
}

void TestRequestLog::successfulRequestIsLogged()
{
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    const HttpReply reply = ApiClient(m_server->port(), m_accounts.adminToken).get("/students");
    QCOMPARE(reply.status, 200);
    const QJsonObject entry = entryOf(reply);
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
    QCOMPARE(qint64(entry.value(QStringLiteral("userId")).toDouble()), m_accounts.admin.id);
}

void TestRequestLog::clientErrorIsLogged()
{
    const HttpReply reply = ApiClient(m_server->port(), m_accounts.viewerToken).get("/students/999999");
    QCOMPARE(reply.status, 404);
    const QJsonObject entry = entryOf(reply);
    QVERIFY(!entry.isEmpty());
    QCOMPARE(entry.value(QStringLiteral("status")).toInt(), 404);
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), QStringLiteral("/students/999999"));
    QCOMPARE(entry.value(QStringLiteral("route")).toString(), QStringLiteral("/students/:id"));
    QCOMPARE(qint64(entry.value(QStringLiteral("userId")).toDouble()), m_accounts.viewer.id);
    QVERIFY(entry.value(QStringLiteral("bytes")).toDouble() > reply.body.size());
}

void TestRequestLog::anonymousRequestHasNoUser()
{
    const HttpReply reply = ApiClient(m_server->port()).get("/students");
    QCOMPARE(reply.status, 401);
    const QJsonObject entry = entryOf(reply);
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
    const HttpReply reply = ApiClient(m_server->port())
                                .send("POST", "/login",
                                      QJsonObject{{QStringLiteral("email"), m_accounts.staff.email},
                                                  {QStringLiteral("password"), password}});
    QCOMPARE(reply.status, status);
    const QJsonObject entry = entryOf(reply);
    QVERIFY2(!entry.isEmpty(), reply.header("X-Request-Id").constData());
    QCOMPARE(entry.value(QStringLiteral("route")).toString(), QStringLiteral("/login"));
    if (hasUser)
        QCOMPARE(qint64(entry.value(QStringLiteral("userId")).toDouble()), m_accounts.staff.id);
    else
        QVERIFY2(entry.value(QStringLiteral("userId")).isNull(), qPrintable(describe(entry)));
}

// No mock: the database really fails under the route (its table is gone).
void TestRequestLog::serverErrorIsLoggedAndLeaksNothing()
{
    {
        Result<QSqlDatabase> db = m_server->database().connection();
        QVERIFY_OK(db);
        QSqlQuery drop(db.value());
        QVERIFY2(drop.exec(QStringLiteral("DROP TABLE students")), qPrintable(drop.lastError().text()));
    }
    const HttpReply reply = ApiClient(m_server->port(), m_accounts.viewerToken).get("/students");
    QVERIFY_ERROR_REPLY(reply, 500, QStringLiteral("internal_error"));
    const QByteArray body = reply.body.toLower();
    for (const QByteArray &leak : {QByteArray("students"), QByteArray("select"), QByteArray("table"),
                                   QByteArray("sql"), QByteArray("relation"), QByteArray("/tmp"),
                                   m_server->dataDir().toLower().toUtf8(), QByteArray(".cpp")})
        QVERIFY2(!body.contains(leak), reply.body.constData());

    const QJsonObject entry = entryOf(reply);
    QVERIFY(!entry.isEmpty());
    QCOMPARE(entry.value(QStringLiteral("status")).toInt(), 500);
    QCOMPARE(entry.value(QStringLiteral("route")).toString(), QStringLiteral("/students"));
    QCOMPARE(qint64(entry.value(QStringLiteral("userId")).toDouble()), m_accounts.viewer.id);
}

void TestRequestLog::refusedRequestIsLogged()
{
    RawClient client(m_server->port());
    client.send("POST /students HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Content-Length: 4096\r\n\r\n"); // over --max-body 1024; the body never comes
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QVERIFY_ERROR_REPLY(*reply, 413, QStringLiteral("payload_too_large"));

    const QJsonObject entry = entryOf(*reply);
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

void TestRequestLog::logsNeedAnAdmin()
{
    QCOMPARE(ApiClient(m_server->port()).get("/logs").status, 401);
    QCOMPARE(ApiClient(m_server->port(), m_accounts.staffToken).get("/logs").status, 403);
    QCOMPARE(ApiClient(m_server->port(), m_accounts.viewerToken).get("/logs").status, 403);
}

void TestRequestLog::filterByMethod()
{
    const qint64 id = createStudent(QStringLiteral("Method Filter"));
    QVERIFY(id > 0);
    QCOMPARE(ApiClient(m_server->port(), m_accounts.staffToken).get("/students").status, 200);
    for (const QByteArray &method : {QByteArray("POST"), QByteArray("post")}) {
        const QJsonArray items = logItems("method=" + method);
        QVERIFY(!items.isEmpty());
        bool sawCreate = false;
        for (const QJsonValue &item : items) {
            QCOMPARE(item.toObject().value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
            sawCreate = sawCreate || item.toObject().value(QStringLiteral("path")).toString() == QStringLiteral("/students");
        }
        QVERIFY(sawCreate);
    }
}

void TestRequestLog::filterByExactStatus()
{
    const HttpReply missing = ApiClient(m_server->port(), m_accounts.adminToken).get("/students/424242");
    QCOMPARE(missing.status, 404);
    QCOMPARE(ApiClient(m_server->port()).get("/students").status, 401);
    const QJsonArray items = logItems("status=404");
    QVERIFY(!items.isEmpty());
    bool sawIt = false;
    for (const QJsonValue &item : items) {
        QCOMPARE(item.toObject().value(QStringLiteral("status")).toInt(), 404);
        sawIt = sawIt || item.toObject().value(QStringLiteral("requestId")).toString().toLatin1() == missing.header("X-Request-Id");
    }
    QVERIFY(sawIt);
}

void TestRequestLog::filterByStatusClass()
{
    QCOMPARE(ApiClient(m_server->port(), m_accounts.adminToken).get("/students/424242").status, 404);
    QCOMPARE(ApiClient(m_server->port()).get("/students").status, 401);
    QCOMPARE(ApiClient(m_server->port(), m_accounts.adminToken).get("/").status, 200);
    QSet<int> seen;
    for (const QJsonValue &item : logItems("status=4xx&limit=1000")) {
        const int status = item.toObject().value(QStringLiteral("status")).toInt();
        QVERIFY2(status >= 400 && status < 500, qPrintable(describe(item)));
        seen.insert(status);
    }
    QVERIFY(seen.contains(404));
    QVERIFY(seen.contains(401));
    for (const QJsonValue &item : logItems("status=2XX&limit=1000"))
        QCOMPARE(item.toObject().value(QStringLiteral("status")).toInt() / 100, 2);
}

void TestRequestLog::filterByPathSubstring()
{
    const QByteArray word = uniqueWord();
    QCOMPARE(ApiClient(m_server->port()).get("/nothing-" + word + "-here").status, 404);
    QCOMPARE(ApiClient(m_server->port()).get("/").status, 200);
    const QJsonArray items = logItems("path=" + word);
    QVERIFY(!items.isEmpty());
    bool sawIt = false;
    for (const QJsonValue &item : items) {
        const QString path = item.toObject().value(QStringLiteral("path")).toString();
        QVERIFY2(path.contains(QString::fromLatin1(word)), qPrintable(path));
        sawIt = sawIt || path == QStringLiteral("/nothing-%1-here").arg(QString::fromLatin1(word));
    }
    QVERIFY(sawIt);
    // A literal substring: LIKE's wildcards match only themselves.
    QCOMPARE(logItems("status=404&path=" + word.left(4) + '_' + word.mid(5)).size(), 0);
    QCOMPARE(logItems("status=404&path=" + word.left(4) + "%25" + word.mid(6)).size(), 0);
    QCOMPARE(logItems("status=404&path=" + word.left(4) + "%25").size(), 0);
}

void TestRequestLog::filterByUserId()
{
    const HttpReply mine = ApiClient(m_server->port(), m_accounts.staffToken).get("/me");
    QCOMPARE(mine.status, 200);
    QCOMPARE(ApiClient(m_server->port(), m_accounts.viewerToken).get("/me").status, 200);
    const QJsonArray items = logItems("userId=" + QByteArray::number(m_accounts.staff.id));
    QVERIFY(!items.isEmpty());
    bool sawIt = false;
    for (const QJsonValue &item : items) {
        QCOMPARE(qint64(item.toObject().value(QStringLiteral("userId")).toDouble()), m_accounts.staff.id);
        sawIt = sawIt || item.toObject().value(QStringLiteral("requestId")).toString().toLatin1() == mine.header("X-Request-Id");
    }
    QVERIFY(sawIt);
}

void TestRequestLog::filterBySinceAndUntil()
{
    m_server->server().requestLog().flush();
    QTest::qWait(20);
    const QDateTime since = QDateTime::currentDateTimeUtc();
    QTest::qWait(5);
    const QByteArray word = uniqueWord();
    QByteArrayList requestIds;
    for (int i = 0; i < 3; ++i) {
        const HttpReply reply = ApiClient(m_server->port()).get("/window-" + word);
        QCOMPARE(reply.status, 404);
        requestIds.append(reply.header("X-Request-Id"));
    }
    // An entry is stamped just after its reply is written: wait until all three are recorded.
    const auto recorded = [&] {
        qsizetype found = 0;
        for (const RequestLogEntry &entry : m_server->server().requestLog().recent(100))
            found += requestIds.contains(entry.requestId) ? 1 : 0;
        return found;
    };
    QTRY_COMPARE_WITH_TIMEOUT(recorded(), qsizetype(3), ReplyTimeoutMs);
    QTest::qWait(5);
    const QDateTime until = QDateTime::currentDateTimeUtc();
    QTest::qWait(20);
    QCOMPARE(ApiClient(m_server->port()).get("/after-" + word).status, 404);

    const QJsonArray inside = logItems("status=404&since=" + isoTime(since) + "&until=" + isoTime(until));
    QCOMPARE(inside.size(), 3);
    for (const QJsonValue &item : inside) {
        QVERIFY(item.toObject().value(QStringLiteral("path")).toString().startsWith(QStringLiteral("/window-")));
        const QDateTime time = QDateTime::fromString(item.toObject().value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        QVERIFY(time >= since && time <= until);
    }
    const QJsonArray later = logItems("status=404&since=" + isoTime(until.addMSecs(1)));
    QCOMPARE(later.size(), 1);
    QVERIFY(later.first().toObject().value(QStringLiteral("path")).toString().startsWith(QStringLiteral("/after-")));
    QCOMPARE(logItems("status=404&until=" + isoTime(since.addMSecs(-1))).size(), 0);
}

void TestRequestLog::paginationWithTotalCount()
{
    const QByteArray word = uniqueWord();
    QStringList sent;
    for (int i = 0; i < 5; ++i) {
        const QByteArray path = "/page-" + word + '-' + QByteArray::number(i);
        QCOMPARE(ApiClient(m_server->port()).get(path).status, 404);
        sent.prepend(QString::fromLatin1(path)); // newest first
    }
    // status=404 leaves out the GET /logs requests themselves, whose query holds the word too.
    const QByteArray filter = "status=404&path=" + word;
    QStringList paged;
    for (int offset = 0; offset < 6; offset += 2) {
        const HttpReply page = logs(filter + "&limit=2&offset=" + QByteArray::number(offset));
        QCOMPARE(page.status, 200);
        QCOMPARE(page.header("X-Total-Count"), QByteArray("5"));
        const QJsonArray items = jsonArray(page);
        QCOMPARE(items.size(), offset < 4 ? 2 : 1);
        for (const QJsonValue &item : items)
            paged.append(item.toObject().value(QStringLiteral("path")).toString());
    }
    QCOMPARE(paged, sent);
    const HttpReply beyond = logs(filter + "&limit=2&offset=50");
    QCOMPARE(jsonArray(beyond).size(), 0);
    QCOMPARE(beyond.header("X-Total-Count"), QByteArray("5"));
}

void TestRequestLog::badFiltersAre400_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::newRow("limit 0") << QByteArray("limit=0");
    QTest::newRow("limit 1001") << QByteArray("limit=1001");
    QTest::newRow("limit abc") << QByteArray("limit=abc");
    QTest::newRow("offset -1") << QByteArray("offset=-1");
    QTest::newRow("status 99") << QByteArray("status=99");
    QTest::newRow("status 6xx") << QByteArray("status=6xx");
    QTest::newRow("since not a time") << QByteArray("since=yesterday");
    QTest::newRow("since after until") << QByteArray("since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z");
    QTest::newRow("userId 0") << QByteArray("userId=0");
}

void TestRequestLog::badFiltersAre400()
{
    QFETCH(QByteArray, query);
    QVERIFY_ERROR_REPLY(logs(query), 400, QStringLiteral("invalid_query"));
}

void TestRequestLog::secretQueryValuesAreMasked_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QString>("logged");
    QTest::addColumn<QByteArrayList>("secrets");
    QTest::newRow("the contract's keys") << QByteArray("token=abc&password=x&apikey=y&q=z")
                                         << QStringLiteral("/students?token=***&password=***&apikey=***&q=z")
                                         << QByteArrayList{"token=abc", "password=x", "apikey=y"};
    QTest::newRow("any case, inside a word") << QByteArray("Access_Token=t0k3n&MY_SECRET=s3cr3t&course=Art")
                                             << QStringLiteral("/students?Access_Token=***&MY_SECRET=***&course=Art")
                                             << QByteArrayList{"t0k3n", "s3cr3t"};
    // %77 is "w": the logged form is the normalized one, masked all the same.
    QTest::newRow("percent-encoded key") << QByteArray("pass%77ord=hunter22222&q=a")
                                         << QStringLiteral("/students?password=***&q=a")
                                         << QByteArrayList{"hunter22222"};
}

void TestRequestLog::secretQueryValuesAreMasked()
{
    QFETCH(QByteArray, query);
    QFETCH(QString, logged);
    QFETCH(QByteArrayList, secrets);
    const HttpReply reply = ApiClient(m_server->port(), m_accounts.adminToken).get("/students?" + query);
    QCOMPARE(reply.status, 200);
    const QJsonObject entry = entryOf(reply);
    QVERIFY(!entry.isEmpty());
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), logged);
    const HttpReply all = logs("limit=1000");
    for (const QByteArray &secret : secrets)
        QVERIFY2(!all.body.contains(secret), secret.constData());
}

void TestRequestLog::refusedRequestQueryIsMasked()
{
    RawClient client(m_server->port());
    client.send("POST /students?token=abc123secret&q=z HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/json\r\nContent-Length: 4096\r\n\r\n");
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 413);
    const QJsonObject entry = entryOf(*reply);
    QVERIFY(!entry.isEmpty());
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), QStringLiteral("/students?token=***&q=z"));
    QVERIFY(!logs("limit=1000").body.contains("abc123secret"));
}

// A decoded NUL cannot be stored in PostgreSQL text: the path is logged with its control
// characters encoded again, and the entries written in the same batch are all kept.
void TestRequestLog::controlCharactersInThePathLoseNoEntry()
{
    ApiClient client(m_server->port());
    const HttpReply before = client.get("/");
    const HttpReply nul = client.get("/a%00b%0Ac%1b");
    const HttpReply after = client.get("/");
    QCOMPARE(nul.status, 404);
    const QJsonObject entry = entryOf(nul);
    QVERIFY2(!entry.isEmpty(), "the entry of the request with a NUL was lost");
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), QStringLiteral("/a%00b%0Ac%1B"));
    QVERIFY(!entryOf(before).isEmpty());
    QVERIFY(!entryOf(after).isEmpty());
    QCOMPARE(m_server->server().requestLog().dropped(), quint64(0));
}

QTEST_GUILESS_MAIN(TestRequestLog)
#include "tst_request_log.moc"
