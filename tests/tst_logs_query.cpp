// GET /logs of the contract's Logs section, against the real server on both engines: admins
// only, each filter, pagination with X-Total-Count, bad filters answered 400, and the query
// values of secret-looking keys masked. The entries themselves: tst_request_log.
#include "checks.h"
#include "logs_fixture.h"
#include "request_log.h"

#include <QSet>
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

} // namespace

class TestLogsQuery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { addEngineRows(); }
    void init() { QVERIFY(m_log.start()); }
    void cleanup() { m_log.stop(); }

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

private:
    LogsFixture m_log;
};

void TestLogsQuery::logsNeedAnAdmin()
{
    QCOMPARE(ApiClient(m_log.port()).get("/logs").status, 401);
    QCOMPARE(ApiClient(m_log.port(), m_log.accounts().staffToken).get("/logs").status, 403);
    QCOMPARE(ApiClient(m_log.port(), m_log.accounts().viewerToken).get("/logs").status, 403);
}

void TestLogsQuery::filterByMethod()
{
    const qint64 id = createStudentOverApi(m_log.port(), m_log.accounts().staffToken, QStringLiteral("Method Filter"));
    QVERIFY(id > 0);
    QCOMPARE(ApiClient(m_log.port(), m_log.accounts().staffToken).get("/students").status, 200);
    for (const QByteArray &method : {QByteArray("POST"), QByteArray("post")}) {
        const QJsonArray items = m_log.logItems("method=" + method);
        QVERIFY(!items.isEmpty());
        bool sawCreate = false;
        for (const QJsonValue &item : items) {
            QCOMPARE(item.toObject().value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
            sawCreate = sawCreate || item.toObject().value(QStringLiteral("path")).toString() == QStringLiteral("/students");
        }
        QVERIFY(sawCreate);
    }
}

void TestLogsQuery::filterByExactStatus()
{
    const HttpReply missing = ApiClient(m_log.port(), m_log.accounts().adminToken).get("/students/424242");
    QCOMPARE(missing.status, 404);
    QCOMPARE(ApiClient(m_log.port()).get("/students").status, 401);
    const QJsonArray items = m_log.logItems("status=404");
    QVERIFY(!items.isEmpty());
    bool sawIt = false;
    for (const QJsonValue &item : items) {
        QCOMPARE(item.toObject().value(QStringLiteral("status")).toInt(), 404);
        sawIt = sawIt || item.toObject().value(QStringLiteral("requestId")).toString().toLatin1() == missing.header("X-Request-Id");
    }
    QVERIFY(sawIt);
}

void TestLogsQuery::filterByStatusClass()
{
    QCOMPARE(ApiClient(m_log.port(), m_log.accounts().adminToken).get("/students/424242").status, 404);
    QCOMPARE(ApiClient(m_log.port()).get("/students").status, 401);
    QCOMPARE(ApiClient(m_log.port(), m_log.accounts().adminToken).get("/").status, 200);
    QSet<int> seen;
    for (const QJsonValue &item : m_log.logItems("status=4xx&limit=1000")) {
        const int status = item.toObject().value(QStringLiteral("status")).toInt();
        QVERIFY2(status >= 400 && status < 500, qPrintable(describe(item)));
        seen.insert(status);
    }
    QVERIFY(seen.contains(404));
    QVERIFY(seen.contains(401));
    for (const QJsonValue &item : m_log.logItems("status=2XX&limit=1000"))
        QCOMPARE(item.toObject().value(QStringLiteral("status")).toInt() / 100, 2);
}

void TestLogsQuery::filterByPathSubstring()
{
    const QByteArray word = uniqueWord();
    QCOMPARE(ApiClient(m_log.port()).get("/nothing-" + word + "-here").status, 404);
    QCOMPARE(ApiClient(m_log.port()).get("/").status, 200);
    const QJsonArray items = m_log.logItems("path=" + word);
    QVERIFY(!items.isEmpty());
    bool sawIt = false;
    for (const QJsonValue &item : items) {
        const QString path = item.toObject().value(QStringLiteral("path")).toString();
        QVERIFY2(path.contains(QString::fromLatin1(word)), qPrintable(path));
        sawIt = sawIt || path == QStringLiteral("/nothing-%1-here").arg(QString::fromLatin1(word));
    }
    QVERIFY(sawIt);
    // A literal substring: LIKE's wildcards match only themselves.
    QCOMPARE(m_log.logItems("status=404&path=" + word.left(4) + '_' + word.mid(5)).size(), 0);
    QCOMPARE(m_log.logItems("status=404&path=" + word.left(4) + "%25" + word.mid(6)).size(), 0);
    QCOMPARE(m_log.logItems("status=404&path=" + word.left(4) + "%25").size(), 0);
}

void TestLogsQuery::filterByUserId()
{
    const HttpReply mine = ApiClient(m_log.port(), m_log.accounts().staffToken).get("/me");
    QCOMPARE(mine.status, 200);
    QCOMPARE(ApiClient(m_log.port(), m_log.accounts().viewerToken).get("/me").status, 200);
    const QJsonArray items = m_log.logItems("userId=" + QByteArray::number(m_log.accounts().staff.id));
    QVERIFY(!items.isEmpty());
    bool sawIt = false;
    for (const QJsonValue &item : items) {
        QCOMPARE(qint64(item.toObject().value(QStringLiteral("userId")).toDouble()), m_log.accounts().staff.id);
        sawIt = sawIt || item.toObject().value(QStringLiteral("requestId")).toString().toLatin1() == mine.header("X-Request-Id");
    }
    QVERIFY(sawIt);
}

void TestLogsQuery::filterBySinceAndUntil()
{
    m_log.server().server().requestLog().flush();
    QTest::qWait(20);
    const QDateTime since = QDateTime::currentDateTimeUtc();
    QTest::qWait(5);
    const QByteArray word = uniqueWord();
    QByteArrayList requestIds;
    for (int i = 0; i < 3; ++i) {
        const HttpReply reply = ApiClient(m_log.port()).get("/window-" + word);
        QCOMPARE(reply.status, 404);
        requestIds.append(reply.header("X-Request-Id"));
    }
    // An entry is stamped just after its reply is written: wait until all three are recorded.
    const auto recorded = [&] {
        qsizetype found = 0;
        for (const RequestLogEntry &entry : m_log.server().server().requestLog().recent(100))
            found += requestIds.contains(entry.requestId) ? 1 : 0;
        return found;
    };
    QTRY_COMPARE_WITH_TIMEOUT(recorded(), qsizetype(3), ReplyTimeoutMs);
    QTest::qWait(5);
    const QDateTime until = QDateTime::currentDateTimeUtc();
    QTest::qWait(20);
    QCOMPARE(ApiClient(m_log.port()).get("/after-" + word).status, 404);

    const QJsonArray inside = m_log.logItems("status=404&since=" + isoTime(since) + "&until=" + isoTime(until));
    QCOMPARE(inside.size(), 3);
    for (const QJsonValue &item : inside) {
        QVERIFY(item.toObject().value(QStringLiteral("path")).toString().startsWith(QStringLiteral("/window-")));
        const QDateTime time = QDateTime::fromString(item.toObject().value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        QVERIFY(time >= since && time <= until);
    }
    const QJsonArray later = m_log.logItems("status=404&since=" + isoTime(until.addMSecs(1)));
    QCOMPARE(later.size(), 1);
    QVERIFY(later.first().toObject().value(QStringLiteral("path")).toString().startsWith(QStringLiteral("/after-")));
    QCOMPARE(m_log.logItems("status=404&until=" + isoTime(since.addMSecs(-1))).size(), 0);
}

void TestLogsQuery::paginationWithTotalCount()
{
    const QByteArray word = uniqueWord();
    QStringList sent;
    for (int i = 0; i < 5; ++i) {
        const QByteArray path = "/page-" + word + '-' + QByteArray::number(i);
        QCOMPARE(ApiClient(m_log.port()).get(path).status, 404);
        sent.prepend(QString::fromLatin1(path)); // newest first
    }
    // status=404 leaves out the GET /logs requests themselves, whose query holds the word too.
    const QByteArray filter = "status=404&path=" + word;
    QStringList paged;
    for (int offset = 0; offset < 6; offset += 2) {
        const HttpReply page = m_log.logs(filter + "&limit=2&offset=" + QByteArray::number(offset));
        QCOMPARE(page.status, 200);
        QCOMPARE(page.header("X-Total-Count"), QByteArray("5"));
        const QJsonArray items = jsonArray(page);
        QCOMPARE(items.size(), offset < 4 ? 2 : 1);
        for (const QJsonValue &item : items)
            paged.append(item.toObject().value(QStringLiteral("path")).toString());
    }
    QCOMPARE(paged, sent);
    const HttpReply beyond = m_log.logs(filter + "&limit=2&offset=50");
    QCOMPARE(jsonArray(beyond).size(), 0);
    QCOMPARE(beyond.header("X-Total-Count"), QByteArray("5"));
}

void TestLogsQuery::badFiltersAre400_data()
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

void TestLogsQuery::badFiltersAre400()
{
    QFETCH(QByteArray, query);
    QVERIFY_ERROR_REPLY(m_log.logs(query), 400, QStringLiteral("invalid_query"));
}

void TestLogsQuery::secretQueryValuesAreMasked_data()
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

void TestLogsQuery::secretQueryValuesAreMasked()
{
    QFETCH(QByteArray, query);
    QFETCH(QString, logged);
    QFETCH(QByteArrayList, secrets);
    const HttpReply reply = ApiClient(m_log.port(), m_log.accounts().adminToken).get("/students?" + query);
    QCOMPARE(reply.status, 200);
    const QJsonObject entry = m_log.entryOf(reply);
    QVERIFY(!entry.isEmpty());
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), logged);
    const HttpReply all = m_log.logs("limit=1000");
    for (const QByteArray &secret : secrets)
        QVERIFY2(!all.body.contains(secret), secret.constData());
}

void TestLogsQuery::refusedRequestQueryIsMasked()
{
    RawClient client(m_log.port());
    client.send("POST /students?token=abc123secret&q=z HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/json\r\nContent-Length: 4096\r\n\r\n");
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 413);
    const QJsonObject entry = m_log.entryOf(*reply);
    QVERIFY(!entry.isEmpty());
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), QStringLiteral("/students?token=***&q=z"));
    QVERIFY(!m_log.logs("limit=1000").body.contains("abc123secret"));
}

QTEST_GUILESS_MAIN(TestLogsQuery)
#include "tst_logs_query.moc"
