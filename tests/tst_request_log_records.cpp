// How a serving thread hands a finished request to the request log: as bytes in an inbox of
// its own, turned back into entries by the log's collector. Every field must come back as it
// went in, and entries recorded by many threads at once must all arrive, each thread's in order.
#include "checks.h"
#include "request_log.h"
#include "request_log_records.h"
#include "testsupport.h"

#include <QHash>
#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <limits>
#include <memory>
#include <vector>

using namespace academy;
using academy::test::TestDatabase;

Q_DECLARE_METATYPE(academy::RequestLogEntry)

namespace {

RequestLogEntry sampleEntry()
{
    RequestLogEntry e;
    e.time = QDateTime::fromMSecsSinceEpoch(1796428800123, Qt::UTC);
    e.requestId = "3f870e7321ffd2f7d9330bc56e75672a";
    e.method = "GET";
    e.path = QStringLiteral("/students/42?token=***");
    e.route = QStringLiteral("/students/:id");
    e.status = 200;
    e.durationMs = 0.171;
    e.bytesIn = 359;
    e.bytesOut = 393;
    e.remoteAddress = QStringLiteral("127.0.0.1");
    e.userId = 7;
    return e;
}

} // namespace

class TestRequestLogRecords : public QObject
{
    Q_OBJECT

private slots:
    void everyFieldComesBack_data();
    void everyFieldComesBack();
    void recordsFollowEachOtherInOrder();
    void repeatedTextIsSharedAndChangesAreKept();
    void everyThreadsEntriesArriveInTheirOrder();
    void turnsTakenByTwoThreadsKeepTheirOrder();
};

void TestRequestLogRecords::everyFieldComesBack_data()
{
    QTest::addColumn<RequestLogEntry>("entry");
    QTest::newRow("a read by a signed-in user") << sampleEntry();

    RequestLogEntry refusal; // before a request line was read: no method, path or route
    refusal.time = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    refusal.status = 431;
    refusal.remoteAddress = QStringLiteral("::1");
    QTest::newRow("a refusal with empty fields") << refusal;

    RequestLogEntry userZero = sampleEntry();
    userZero.userId = 0; // a user id of 0 is not "no user"
    QTest::newRow("user id 0") << userZero;

    RequestLogEntry anonymous = sampleEntry();
    anonymous.userId.reset();
    anonymous.status = 401;
    QTest::newRow("no user") << anonymous;

    RequestLogEntry text = sampleEntry();
    text.path = QString::fromUtf8("/students?name=Zo\u00eb \u65e5\u672c \U0001F600&course=%00");
    text.requestId = "odd"; // an odd number of bytes before the next record
    text.method = "PATCH";
    QTest::newRow("non-ASCII path, odd-length id") << text;

    RequestLogEntry longPath = sampleEntry();
    longPath.path = QLatin1Char('/') + QString(70000, QLatin1Char('x'));
    longPath.bytesIn = std::numeric_limits<qint64>::max();
    longPath.durationMs = 30000.5;
    QTest::newRow("a path longer than 65,535 characters") << longPath;
}

void TestRequestLogRecords::everyFieldComesBack()
{
    QFETCH(RequestLogEntry, entry);
    QByteArray buffer;
    http::appendRecord(buffer, 41, entry);
    http::appendRecord(buffer, 42, sampleEntry()); // the next record starts where this one ends
    QList<http::Record> back;
    http::readRecords(buffer, back);
    QCOMPARE(back.size(), 2);
    QCOMPARE(back.at(0).sequence, quint64(41));
    compareLogEntries(back.at(0).entry, entry);
    QCOMPARE(back.at(1).sequence, quint64(42));
    compareLogEntries(back.at(1).entry, sampleEntry());
}

// Routes, addresses and methods repeat from one entry to the next: the reader shares the
// previous entry's string then (no allocation), and must still see every change, also one of
// the same length.
void TestRequestLogRecords::repeatedTextIsSharedAndChangesAreKept()
{
    const auto entryWith = [](const char *route, const char *address, const char *method) {
        RequestLogEntry e = sampleEntry();
        e.route = QString::fromLatin1(route);
        e.remoteAddress = QString::fromLatin1(address);
        e.method = method;
        return e;
    };
    const QList<RequestLogEntry> sent{entryWith("/students/:id", "10.0.0.1", "GET"),
                                      entryWith("/students/:id", "10.0.0.1", "GET"),
                                      entryWith("/students/:ix", "10.0.0.2", "PUT"),
                                      entryWith("", "", ""),
                                      entryWith("", "", ""),
                                      entryWith("/students/:id", "10.0.0.1", "GET")};
    QByteArray buffer;
    for (qsizetype i = 0; i < sent.size(); ++i)
        http::appendRecord(buffer, quint64(i), sent.at(i));
    QList<http::Record> back;
    http::readRecords(buffer, back);
    QCOMPARE(back.size(), sent.size());
    for (qsizetype i = 0; i < sent.size(); ++i)
        compareLogEntries(back.at(i).entry, sent.at(i));
    QVERIFY(back.at(1).entry.route.isSharedWith(back.at(0).entry.route));
    QVERIFY(back.at(1).entry.remoteAddress.isSharedWith(back.at(0).entry.remoteAddress));
    QVERIFY(back.at(1).entry.method.isSharedWith(back.at(0).entry.method));
    QVERIFY(!back.at(2).entry.route.isSharedWith(back.at(1).entry.route));
}

void TestRequestLogRecords::recordsFollowEachOtherInOrder()
{
    QByteArray buffer;
    for (int i = 0; i < 1000; ++i) {
        RequestLogEntry e = sampleEntry();
        e.requestId = QByteArray::number(i);
        e.path = QStringLiteral("/students/%1").arg(i);
        http::appendRecord(buffer, quint64(i), e);
    }
    QList<http::Record> back;
    http::readRecords(buffer, back);
    QCOMPARE(back.size(), 1000);
    for (int i = 0; i < 1000; ++i) {
        QCOMPARE(back.at(i).sequence, quint64(i));
        QCOMPARE(back.at(i).entry.requestId, QByteArray::number(i));
        QCOMPARE(back.at(i).entry.path, QStringLiteral("/students/%1").arg(i));
    }
}

// Four threads record at once, as serving threads do; then everything is in the ring and in
// the database, nothing dropped, and each thread's entries keep the order they were made in.
void TestRequestLogRecords::everyThreadsEntriesArriveInTheirOrder()
{
    constexpr int Threads = 4;
    constexpr int PerThread = 2000;
    const auto db = TestDatabase::create(Engine::SQLite);
    QVERIFY(db);
    auto log = std::make_unique<http::RequestLog>(db->database(), 30);
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back(QThread::create([&log, t] {
            for (int i = 0; i < PerThread; ++i) {
                RequestLogEntry e = sampleEntry();
                e.requestId = QByteArray::number(t) + '-' + QByteArray::number(i);
                log->record(e);
            }
        }));
        threads.back()->start();
    }
    for (const auto &thread : threads)
        QVERIFY(thread->wait(60000));
    log->flush();

    QCOMPARE(log->written(), quint64(Threads * PerThread));
    QCOMPARE(log->dropped(), quint64(0));
    const QList<RequestLogEntry> recent = log->recent(Threads * PerThread);
    QCOMPARE(recent.size(), qsizetype(Threads * PerThread));
    QHash<QByteArray, int> nextOf;
    for (const RequestLogEntry &e : recent) {
        const QList<QByteArray> parts = e.requestId.split('-');
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts.at(1).toInt(), nextOf.value(parts.at(0)));
        nextOf[parts.at(0)] = parts.at(1).toInt() + 1;
    }
    QCOMPARE(nextOf.size(), Threads);
}

// Two threads take turns, as two serving threads do for one client's requests one after the
// other: the log keeps the order they were recorded in, not inbox by inbox.
void TestRequestLogRecords::turnsTakenByTwoThreadsKeepTheirOrder()
{
    constexpr int Turns = 400;
    const auto db = TestDatabase::create(Engine::SQLite);
    QVERIFY(db);
    auto log = std::make_unique<http::RequestLog>(db->database(), 30);
    QSemaphore turn[2];
    turn[0].release();
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < 2; ++t) {
        threads.emplace_back(QThread::create([&, t] {
            for (int i = t; i < Turns; i += 2) {
                turn[t].acquire();
                RequestLogEntry e = sampleEntry();
                e.requestId = QByteArray::number(i);
                log->record(e);
                turn[1 - t].release();
            }
        }));
        threads.back()->start();
    }
    for (const auto &thread : threads)
        QVERIFY(thread->wait(60000));
    log->flush();
    const QList<RequestLogEntry> recent = log->recent(Turns);
    QCOMPARE(recent.size(), qsizetype(Turns));
    for (int i = 0; i < Turns; ++i)
        QCOMPARE(recent.at(i).requestId, QByteArray::number(i));
}

QTEST_GUILESS_MAIN(TestRequestLogRecords)
#include "tst_request_log_records.moc"
