// A change announced by a transaction (Transaction::announce) reaches this process when the
// transaction commits and never when it rolls back; on PostgreSQL the NOTIFY travels with
// the transaction, so the feed's LISTEN connection hears it after the commit as well.
#include "change_feed.h"
#include "checks.h"
#include "testsupport.h"
#include "transaction.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace academy;
using academy::test::TestDatabase;

class TestChangeAnnounce : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { academy::test::addEngineRows(); }
    void init();
    void cleanup() { m_db.reset(); }

    void rolledBackChangeIsNeverAnnounced();
    void committedChangeIsAnnouncedAfterTheCommit();
    void innerTransactionAnnouncesWithTheOutermost();

private:
    // What the feed announced, as "topic:id".
    static QStringList announced(const QSignalSpy &spy);
    // Each announcement as this process and every other instance hear it: on PostgreSQL
    // once from the commit and once through LISTEN.
    QStringList heardEverywhere(const QStringList &changes) const;
    // Long enough for a NOTIFY to come back through LISTEN, or for SQLite's watcher to tick.
    static void settle() { QTest::qWait(2 * ChangeFeed::WatchIntervalMs); }

    std::unique_ptr<TestDatabase> m_db;
    Engine m_engine = Engine::SQLite;
};

void TestChangeAnnounce::init()
{
    QFETCH_GLOBAL(Engine, engine);
    m_engine = engine;
    m_db = TestDatabase::create(engine);
    QVERIFY(m_db);
    QVERIFY_OK(m_db->database().changes().listen());
}

QStringList TestChangeAnnounce::announced(const QSignalSpy &spy)
{
    QStringList changes;
    for (const QList<QVariant> &signal : spy)
        changes.append(signal.at(0).toString() + QLatin1Char(':') + signal.at(1).toString());
    return changes;
}

QStringList TestChangeAnnounce::heardEverywhere(const QStringList &changes) const
{
    return m_engine == Engine::PostgreSQL ? changes + changes : changes;
}

void TestChangeAnnounce::rolledBackChangeIsNeverAnnounced()
{
    QSignalSpy spy(&m_db->database().changes(), &ChangeFeed::changed);
    {
        Transaction transaction(m_db->database(), Transaction::Kind::Write);
        QVERIFY_OK(transaction.begin());
        QVERIFY_OK(transaction.announce(QStringLiteral("student"), QStringLiteral("41")));
        settle();
        QVERIFY(spy.isEmpty()); // not before the commit
    } // rolled back
    settle();
    QCOMPARE(announced(spy), QStringList());

    // The connection is clean afterwards: the next transaction announces only its own.
    Transaction next(m_db->database(), Transaction::Kind::Write);
    QVERIFY_OK(next.begin());
    QVERIFY_OK(next.announce(QStringLiteral("student"), QStringLiteral("42")));
    QVERIFY_OK(next.commit());
    settle();
    QCOMPARE(announced(spy), heardEverywhere({QStringLiteral("student:42")}));
}

void TestChangeAnnounce::committedChangeIsAnnouncedAfterTheCommit()
{
    QSignalSpy spy(&m_db->database().changes(), &ChangeFeed::changed);
    Transaction transaction(m_db->database(), Transaction::Kind::Write);
    QVERIFY_OK(transaction.begin());
    QVERIFY_OK(transaction.announce(QStringLiteral("student"), QStringLiteral("7")));
    QVERIFY_OK(transaction.announce(QStringLiteral("user"), QStringLiteral("3")));
    settle();
    QVERIFY(spy.isEmpty());

    QVERIFY_OK(transaction.commit());
    // This process is told at once, in order, by the commit itself.
    QCOMPARE(announced(spy), (QStringList{QStringLiteral("student:7"), QStringLiteral("user:3")}));
    settle();
    QCOMPARE(announced(spy), heardEverywhere({QStringLiteral("student:7"), QStringLiteral("user:3")}));
}

void TestChangeAnnounce::innerTransactionAnnouncesWithTheOutermost()
{
    QSignalSpy spy(&m_db->database().changes(), &ChangeFeed::changed);
    Transaction outer(m_db->database(), Transaction::Kind::Write);
    QVERIFY_OK(outer.begin());
    {
        Transaction inner(m_db->database(), Transaction::Kind::Write);
        QVERIFY_OK(inner.begin());
        QVERIFY_OK(inner.announce(QStringLiteral("session"), QStringLiteral("abc")));
        QVERIFY_OK(inner.commit());
    }
    settle();
    QVERIFY(spy.isEmpty()); // the inner commit commits nothing

    QVERIFY_OK(outer.commit());
    settle();
    QCOMPARE(announced(spy), heardEverywhere({QStringLiteral("session:abc")}));
}

QTEST_GUILESS_MAIN(TestChangeAnnounce)
#include "tst_change_announce.moc"
