// Statements that runPrepared keeps per thread and connection live no longer than their
// connection. A pooled thread keeps its connection and statements between jobs and ends on
// its own time, possibly after the Database that opened the connection is gone: a statement
// destroyed at that thread's exit on a removed PostgreSQL connection crashed in the driver.
#include "checks.h"
#include "prepared_statements.h"
#include "testsupport.h"

#include <QSemaphore>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <memory>

using namespace academy;
using academy::test::TestDatabase;

class TestPreparedStatements : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { academy::test::addEngineRows(); }
    void init();
    void cleanup() { m_db.reset(); }

    void threadOutlivingItsDatabaseEndsCleanly();
    void threadKeepsItsStatementsAcrossDatabases();
    void threadEndingWhileItsDatabaseGoesAway();

private:
    // Runs the cached `SELECT <value>` on the calling thread's connection and returns its row.
    static Result<int> selectThroughCache(Database &database, int value);

    std::unique_ptr<TestDatabase> m_db;
};

void TestPreparedStatements::init()
{
    QFETCH_GLOBAL(Engine, engine);
    m_db = TestDatabase::create(engine);
    QVERIFY(m_db);
}

Result<int> TestPreparedStatements::selectThroughCache(Database &database, int value)
{
    Result<QSqlDatabase> db = database.connection();
    if (!db)
        return db.error();
    int row = -1;
    const Status ran = runPrepared(db.value(), QStringLiteral("SELECT ?"), {value}, "test select",
                                   [&row](QSqlQuery &query) {
                                       if (query.next())
                                           row = query.value(0).toInt();
                                   });
    if (!ran)
        return ran.error();
    return row;
}

void TestPreparedStatements::threadOutlivingItsDatabaseEndsCleanly()
{
    QSemaphore prepared;
    QSemaphore databaseGone;
    Result<int> seen = Error::internal(QStringLiteral("not run"));
    Database *database = &m_db->database();
    // Like a pooled thread: it keeps its connection (no releaseThisThread) and ends later.
    std::unique_ptr<QThread> worker(QThread::create([&] {
        seen = selectThroughCache(*database, 7);
        prepared.release();
        databaseGone.acquire();
    }));
    worker->start();
    QVERIFY(prepared.tryAcquire(1, 10'000));
    QVERIFY_OK(seen);
    QCOMPARE(seen.value(), 7);

    m_db->reopen(); // the Database and the worker's connection go first ...
    databaseGone.release();
    QVERIFY(worker->wait(10'000)); // ... then the worker ends; its statement must not be left

    // The new Database serves prepared statements as before.
    const Result<int> again = selectThroughCache(m_db->database(), 8);
    QVERIFY_OK(again);
    QCOMPARE(again.value(), 8);
}

void TestPreparedStatements::threadKeepsItsStatementsAcrossDatabases()
{
    // One thread, two Databases in turn (as the desktop app restarting its server does): the
    // statement cached for the first must not be used, nor break anything, for the second.
    const Result<int> first = selectThroughCache(m_db->database(), 1);
    QVERIFY_OK(first);
    QCOMPARE(first.value(), 1);
    m_db->reopen();
    const Result<int> second = selectThroughCache(m_db->database(), 2);
    QVERIFY_OK(second);
    QCOMPARE(second.value(), 2);
    const Result<int> third = selectThroughCache(m_db->database(), 3);
    QVERIFY_OK(third);
    QCOMPARE(third.value(), 3);
}

void TestPreparedStatements::threadEndingWhileItsDatabaseGoesAway()
{
    // The two at the same time, many times over: the worker's exit and the Database's removal
    // of its connection race, as a pool's thread and a server shutting down do.
    for (int round = 0; round < 100; ++round) {
        QSemaphore prepared;
        Result<int> seen = Error::internal(QStringLiteral("not run"));
        Database *database = &m_db->database();
        std::unique_ptr<QThread> worker(QThread::create([&] {
            seen = selectThroughCache(*database, round);
            prepared.release();
        }));
        worker->start();
        QVERIFY(prepared.tryAcquire(1, 10'000));
        m_db->reopen();
        QVERIFY(worker->wait(10'000));
        QVERIFY_OK(seen);
    }
}

QTEST_GUILESS_MAIN(TestPreparedStatements)
#include "tst_prepared_statements.moc"
