// The request log's batched writer under load, on both engines: no entry is lost, the ring
// stays bounded, and a database that goes away is reported, its entries dropped and counted
// while the server keeps answering.
#include "api_client.h"
#include "checks.h"
#include "pipelined_load.h"
#include "request_log.h"
#include "request_log_repository.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace academy;
using namespace academy::test;

namespace {

constexpr int LoadTimeoutMs = 180000;
const QByteArray MetricsToken = "writer-test-metrics-token";

// GET / and a 404 in turn: both kinds of reply, neither needing the database.
QByteArray mixedRequest(qint64 i)
{
    return i % 2 ? requestBytes("GET", "/") : requestBytes("GET", "/missing/" + QByteArray::number(i));
}

QString loadReport(const LoadResult &load, qint64 total)
{
    return QStringLiteral("%1 of %2 replies in %3 ms%4%5")
        .arg(load.replies).arg(total).arg(load.elapsedMs)
        .arg(load.timedOut ? QStringLiteral(", timed out") : QString())
        .arg(load.connectionLost ? QStringLiteral(", a connection lost") : QString());
}

} // namespace

class TestLogWriter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void everyFieldOfEveryRowIsStored();
    void noEntryIsLostUnderLoad();
    void ringHoldsAtMostTenThousand();
    void lostDatabaseIsReportedAndDropsAreCounted();
    void fallingBehindDropsAndCountsInsteadOfGrowing();
    void studentWritesDoNotWaitForTheRequestLog();
    void retentionPrunesOnlyOlderEntries();

private:
    // Everything recorded so far written, then the rows in request_log; -1 on an error.
    qint64 storedEntries();
    // Makes the database fail under the running server: PostgreSQL's database is dropped
    // (its connections terminated), SQLite's request_log table is.
    void breakDatabase();
    // Holds the request log's write lock (its table on PostgreSQL, its file on SQLite) on
    // this thread's log connection, through `lock`, until `lock` commits.
    void lockRequestLog(QSqlQuery &lock);

    std::unique_ptr<TestServer> m_server;
};

void TestLogWriter::initTestCase_data()
{
    addEngineRows();
}

void TestLogWriter::init()
{
    m_server = TestServer::start(apiServerFlags({QStringLiteral("--metrics-token"), QString::fromLatin1(MetricsToken)}),
                                 0, currentEngine());
    QVERIFY(m_server);
}

void TestLogWriter::cleanup()
{
    m_server.reset();
}

qint64 TestLogWriter::storedEntries()
{
    m_server->server().requestLog().flush();
    Result<QSqlDatabase> db = m_server->database().requestLogConnection();
    if (!db)
        return -1;
    Result<qint64> count = RequestLogRepository(db.value()).count();
    return count ? count.value() : -1;
}

void TestLogWriter::breakDatabase()
{
    if (currentEngine() == Engine::PostgreSQL) {
        const QString name = m_server->databaseUrl().section(QLatin1Char('/'), -1);
        QString error;
        QVERIFY2(postgresAdmin(QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(name), &error), qPrintable(error));
        return;
    }
    Result<QSqlDatabase> db = m_server->database().requestLogConnection();
    QVERIFY_OK(db);
    QSqlQuery drop(db.value());
    QVERIFY2(drop.exec(QStringLiteral("DROP TABLE request_log")), qPrintable(drop.lastError().text()));
}

void TestLogWriter::lockRequestLog(QSqlQuery &lock)
{
    Result<QSqlDatabase> db = m_server->database().requestLogConnection();
    QVERIFY_OK(db);
    lock = QSqlQuery(db.value());
    if (currentEngine() == Engine::PostgreSQL) {
        QVERIFY2(lock.exec(QStringLiteral("BEGIN")), qPrintable(lock.lastError().text()));
        QVERIFY2(lock.exec(QStringLiteral("LOCK TABLE request_log IN ACCESS EXCLUSIVE MODE")), qPrintable(lock.lastError().text()));
    } else {
        QVERIFY2(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(lock.lastError().text()));
    }
}

// A batch is written as multi-row INSERTs (32 rows on SQLite, COPY on PostgreSQL): full chunks and a partial one
// must each put every value in its own row and column.
void TestLogWriter::everyFieldOfEveryRowIsStored()
{
    constexpr int Count = 123;
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-3600);
    QList<RequestLogEntry> written;
    for (int i = 0; i < Count; ++i) {
        RequestLogEntry e;
        e.time = start.addMSecs(i * 1001);
        e.requestId = "req-" + QByteArray::number(i);
        e.method = i % 2 ? "GET" : "POST";
        e.path = QStringLiteral("/students/%1?q=\u00e9'\"").arg(i);
        e.route = i % 3 ? QStringLiteral("/students/:id") : QString();
        e.status = 200 + i;
        e.durationMs = i + 0.25;
        e.bytesIn = 1000 + i;
        e.bytesOut = 2000 + i;
        e.remoteAddress = QStringLiteral("10.0.0.%1").arg(i);
        if (i % 4)
            e.userId = i;
        written.append(e);
    }
    Result<QSqlDatabase> db = m_server->database().requestLogConnection();
    QVERIFY_OK(db);
    QVERIFY(db.value().transaction());
    QVERIFY_OK(RequestLogRepository(db.value()).append(written));
    QVERIFY(db.value().commit());

    RequestLogQuery query;
    query.since = start.addSecs(-1);
    query.until = start.addSecs(Count * 2);
    query.limit = 500;
    Result<RequestLogPage> page = RequestLogRepository(db.value()).list(query);
    QVERIFY_OK(page);
    QCOMPARE(page->total, qint64(Count));
    QList<RequestLogEntry> stored = page->items;
    std::reverse(stored.begin(), stored.end()); // the list is newest first
    for (int i = 0; i < Count; ++i) {
        compareLogEntries(stored.at(i), written.at(i));
        if (QTest::currentTestFailed())
            return;
    }
}

void TestLogWriter::noEntryIsLostUnderLoad()
{
    constexpr qint64 Total = 20000;
    http::RequestLog &log = m_server->server().requestLog();
    QCOMPARE(storedEntries(), qint64(0));

    const LoadResult load = runPipelinedLoad(m_server->port(), Total, 8, 50, mixedRequest, LoadTimeoutMs);
    QVERIFY2(load.complete(Total), qPrintable(loadReport(load, Total)));
    qInfo("%lld requests over 8 connections in %lld ms (%.0f req/s)", Total, load.elapsedMs,
          Total * 1000.0 / qMax<qint64>(1, load.elapsedMs));
    QCOMPARE(load.statuses.value(200) + load.statuses.value(404), Total);

    // An entry is recorded just after its reply is written: the last few may trail the replies.
    QTRY_COMPARE_WITH_TIMEOUT(storedEntries(), load.replies, 30000);
    QCOMPARE(log.dropped(), quint64(0));
    QCOMPARE(log.written(), quint64(load.replies));
    QCOMPARE(log.writerState(), QStringLiteral("ok"));
}

void TestLogWriter::ringHoldsAtMostTenThousand()
{
    constexpr qint64 Total = 12000;
    const LoadResult load = runPipelinedLoad(m_server->port(), Total, 4, 100, mixedRequest, LoadTimeoutMs);
    QVERIFY2(load.complete(Total), qPrintable(loadReport(load, Total)));
    QTRY_COMPARE_WITH_TIMEOUT(storedEntries(), Total, 30000);

    const QList<RequestLogEntry> recent = m_server->server().requestLog().recent(20000);
    QCOMPARE(recent.size(), http::RequestLog::RingSize);
    // The newest are kept: the last request is the last entry.
    const HttpReply last = ApiClient(m_server->port()).get("/the-very-last");
    QCOMPARE(last.status, 404);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->server().requestLog().recent(1).value(0).requestId, last.header("X-Request-Id"),
                              ReplyTimeoutMs);
    QCOMPARE(m_server->server().requestLog().recent(20000).size(), http::RequestLog::RingSize);
}

void TestLogWriter::lostDatabaseIsReportedAndDropsAreCounted()
{
    constexpr qint64 Total = 5000;
    http::RequestLog &log = m_server->server().requestLog();
    QCOMPARE(ApiClient(m_server->port()).get("/").status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(storedEntries(), qint64(1), ReplyTimeoutMs);
    QCOMPARE(log.dropped(), quint64(0));

    breakDatabase();
    if (QTest::currentTestFailed())
        return;
    const LoadResult load = runPipelinedLoad(m_server->port(), Total, 4, 100, mixedRequest, LoadTimeoutMs);
    QVERIFY2(load.complete(Total), qPrintable(loadReport(load, Total))); // the server keeps answering
    QCOMPARE(load.statuses.value(200) + load.statuses.value(404), Total);

    // The writer gives up on what it cannot write: flush returns, nothing is held back.
    QTRY_VERIFY_WITH_TIMEOUT(log.dropped() >= quint64(Total), 60000);
    log.flush();
    const quint64 written = log.written();
    QCOMPARE(written, quint64(1));
    QCOMPARE(log.writerState(), QStringLiteral("failing"));

    const HttpReply health = ApiClient(m_server->port()).get("/health");
    QCOMPARE(health.json().value(QStringLiteral("logWriter")).toString(), QStringLiteral("failing"));
    QCOMPARE(health.status, currentEngine() == Engine::PostgreSQL ? 503 : 200);

    // The drops are in /metrics (the token needs no database), and the server still serves.
    const HttpReply metrics = ApiClient(m_server->port(), MetricsToken).get("/metrics");
    QCOMPARE(metrics.status, 200);
    double dropped = std::nan("");
    for (const QByteArray &line : metrics.body.split('\n')) {
        if (line.startsWith("request_log_dropped_total "))
            dropped = line.mid(26).toDouble();
    }
    QVERIFY2(dropped >= double(Total), metrics.body.constData());
    QCOMPARE(ApiClient(m_server->port()).get("/").status, 200);
}

// The writer blocked behind a lock (PostgreSQL: waits as long as the lock is held; SQLite:
// gives up a batch after its busy timeout) while more requests come than the unwritten queue
// holds: the oldest are dropped and counted, and once the lock goes every entry is either
// written or counted as dropped, none silently lost.
void TestLogWriter::fallingBehindDropsAndCountsInsteadOfGrowing()
{
    constexpr qint64 Total = http::RequestLog::MaxUnwritten + 10000;
    http::RequestLog &log = m_server->server().requestLog();
    QSqlQuery lock;
    lockRequestLog(lock);
    if (QTest::currentTestFailed())
        return;
    const LoadResult load = runPipelinedLoad(m_server->port(), Total, 4, 100, mixedRequest, LoadTimeoutMs);
    // At most the queue and the batch being written were kept (the last entries reach the
    // queue, and are counted, a few milliseconds after their replies).
    const quint64 mostKept = http::RequestLog::MaxUnwritten + 2 * http::RequestLog::BatchSize;
    QTRY_VERIFY_WITH_TIMEOUT(log.dropped() >= quint64(Total) - mostKept, ReplyTimeoutMs);
    const quint64 droppedWhileBlocked = log.dropped();
    QVERIFY2(lock.exec(QStringLiteral("COMMIT")), qPrintable(lock.lastError().text()));
    QVERIFY2(load.complete(Total), qPrintable(loadReport(load, Total))); // serving never waited for the log
    qInfo("%lld requests in %lld ms with the log writer blocked: %llu entries dropped meanwhile", Total, load.elapsedMs,
          droppedWhileBlocked);

    QElapsedTimer catchingUp;
    catchingUp.start();
    QTRY_COMPARE_WITH_TIMEOUT(storedEntries() + qint64(log.dropped()), Total, 120000);
    qInfo("the writer caught up in %lld ms", catchingUp.elapsed());
    QCOMPARE(qint64(log.written()), storedEntries());
    QCOMPARE(ApiClient(m_server->port()).get("/").status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(log.writerState(), QStringLiteral("ok"), ReplyTimeoutMs);
}

// The request log and the students do not share a write lock: with the log's held (as a
// batch holds it while it inserts and syncs), a student is still created, and at once. On
// SQLite this needs the log's own connection: a connection with the log's file attached
// takes the write lock of both files for every write transaction, and waited here for the
// busy timeout (5 s) before failing.
void TestLogWriter::studentWritesDoNotWaitForTheRequestLog()
{
    const std::optional<Accounts> accounts = createAccounts(*m_server);
    QVERIFY(accounts);
    QSqlQuery lock;
    lockRequestLog(lock);
    if (QTest::currentTestFailed())
        return;
    QElapsedTimer took;
    took.start();

    const qint64 id = createStudentOverApi(m_server->port(), accounts->staffToken, QStringLiteral("Not held up"));

    const qint64 ms = took.elapsed();
    QVERIFY2(lock.exec(QStringLiteral("COMMIT")), qPrintable(lock.lastError().text()));
    QVERIFY2(id != 0, "the student was not created while the request log was locked");
    QVERIFY2(ms < 2500, qPrintable(QStringLiteral("creating the student took %1 ms").arg(ms)));
}

// LOG_RETENTION_DAYS (30 by default): the writer prunes when it starts, and only what is older.
// Enough rows, in time order as the writer appends them, to fill several of PostgreSQL's
// block ranges of the time index (migration 8), summarised as autovacuum would, so that time
// ranges are answered from the summaries and not only from ranges never summarised.
void TestLogWriter::retentionPrunesOnlyOlderEntries()
{
    constexpr int Count = 30000;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime first = now.addDays(-45);
    const qint64 stepMs = 30LL * 24 * 3600 * 1000 / Count; // the rows span days 45 to 15 before now
    // The writer takes its own "now" when it restarts: no row within an hour of the cutoff.
    const QDateTime cutoff = now.addDays(-30);
    QList<RequestLogEntry> entries;
    for (int i = 0; i < Count; ++i) {
        RequestLogEntry e;
        e.time = first.addMSecs(i * stepMs);
        if (qAbs(e.time.msecsTo(cutoff)) < 3600 * 1000)
            continue;
        e.requestId = "old-" + QByteArray::number(i);
        e.method = "GET";
        e.path = QStringLiteral("/students/%1").arg(i);
        e.route = QStringLiteral("/students/:id");
        e.status = 200;
        e.remoteAddress = QStringLiteral("127.0.0.1");
        entries.append(e);
    }
    const auto olderThanCutoff = std::count_if(entries.cbegin(), entries.cend(),
                                               [&](const RequestLogEntry &e) { return e.time < cutoff; });
    {
        Result<QSqlDatabase> db = m_server->database().requestLogConnection();
        QVERIFY_OK(db);
        QVERIFY(db.value().transaction());
        QVERIFY_OK(RequestLogRepository(db.value()).append(entries));
        QVERIFY(db.value().commit());
        if (currentEngine() == Engine::PostgreSQL) {
            QSqlQuery pages(db.value());
            QVERIFY2(pages.exec(QStringLiteral("SELECT pg_relation_size('request_log') / current_setting('block_size')::int")),
                     qPrintable(pages.lastError().text()));
            QVERIFY(pages.next());
            QVERIFY2(pages.value(0).toInt() > 2 * 128, "the rows should fill more than two block ranges of 128 pages");
            QSqlQuery summarise(db.value());
            QVERIFY2(summarise.exec(QStringLiteral("SELECT brin_summarize_new_values('request_log_time')")),
                     qPrintable(summarise.lastError().text()));
        }
    }
    const auto countBetween = [this](const QDateTime &since, const QDateTime &until) -> qint64 {
        Result<QSqlDatabase> db = m_server->database().requestLogConnection();
        if (!db)
            return -1;
        RequestLogQuery query;
        query.since = since;
        query.until = until;
        query.limit = 1;
        Result<RequestLogPage> page = RequestLogRepository(db.value()).list(query);
        return page ? page->total : -1;
    };
    // A window in the middle, by the time index, before anything is pruned.
    const qint64 middle = std::count_if(entries.cbegin(), entries.cend(), [&](const RequestLogEntry &e) {
        return e.time >= first.addDays(10) && e.time <= first.addDays(20);
    });
    QVERIFY(middle > 0);
    QCOMPARE(countBetween(first.addDays(10), first.addDays(20)), middle);

    QVERIFY(m_server->restart());

    QTRY_COMPARE_WITH_TIMEOUT(countBetween(first.addSecs(-1), cutoff.addMSecs(-1)), qint64(0), ReplyTimeoutMs);
    QCOMPARE(countBetween(cutoff, now), qint64(entries.size() - olderThanCutoff));
    QVERIFY(olderThanCutoff > 0 && olderThanCutoff < entries.size());
}

QTEST_GUILESS_MAIN(TestLogWriter)
#include "tst_log_writer.moc"
