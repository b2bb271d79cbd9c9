// ChangeFeed on SQLite: another process's commits to the same file are announced by topic,
// read from the counters its triggers keep. A stand-in for that process here is a plain
// QSQLITE connection of its own, which knows nothing of ChangeFeed (as the sqlite3 shell).
#include "change_feed.h"
#include "checks.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>

using namespace academy;
using academy::test::TestDatabase;

namespace {

const QString OtherProcess = QStringLiteral("change-feed-test-other-process");

} // namespace

class TestChangeFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void writeElsewhereIsAnnouncedByItsTopic_data();
    void writeElsewhereIsAnnouncedByItsTopic();
    void loginWritesAreNotAnnounced();

private:
    void runElsewhere(const QString &sql);
    // What the feed announced, as "topic:id".
    static QStringList announced(const QSignalSpy &spy);

    std::unique_ptr<TestDatabase> m_db;
};

void TestChangeFeed::init()
{
    m_db = TestDatabase::create(Engine::SQLite);
    QVERIFY(m_db);
    QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), OtherProcess);
    other.setDatabaseName(m_db->url().mid(int(qstrlen("sqlite://"))));
    other.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    QVERIFY2(other.open(), qPrintable(other.lastError().text()));
    runElsewhere(QStringLiteral("INSERT INTO users (id, email, role, password_hash, created_at, updated_at) "
                                "VALUES (7, 'staff@school.test', 'staff', 'x', 0, 0)"));
    runElsewhere(QStringLiteral("INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES ('s1', 7, 0, 9)"));
    runElsewhere(QStringLiteral("INSERT INTO students (id, name, course, grade, name_folded, course_folded, "
                                "created_at, updated_at) VALUES (3, 'Ada', 'Maths', 90, 'ada', 'maths', 0, 0)"));
    QVERIFY_OK(m_db->database().changes().listen());
}

void TestChangeFeed::cleanup()
{
    QSqlDatabase::database(OtherProcess, false).close();
    QSqlDatabase::removeDatabase(OtherProcess);
    m_db.reset();
}

void TestChangeFeed::runElsewhere(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(OtherProcess, false));
    QVERIFY2(query.exec(sql), qPrintable(query.lastError().text() + QStringLiteral(": ") + sql));
}

QStringList TestChangeFeed::announced(const QSignalSpy &spy)
{
    QStringList topics;
    for (const QList<QVariant> &signal : spy)
        topics.append(signal.at(0).toString() + QLatin1Char(':') + signal.at(1).toString());
    return topics;
}

void TestChangeFeed::writeElsewhereIsAnnouncedByItsTopic_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("topic");
    QTest::newRow("student added") << QStringLiteral(
        "INSERT INTO students (name, course, grade, name_folded, course_folded, created_at, updated_at) "
        "VALUES ('Alan', 'Art', 70, 'alan', 'art', 0, 0)") << QStringLiteral("student");
    QTest::newRow("student changed") << QStringLiteral("UPDATE students SET grade = 91 WHERE id = 3")
                                     << QStringLiteral("student");
    QTest::newRow("student removed") << QStringLiteral("DELETE FROM students WHERE id = 3") << QStringLiteral("student");
    QTest::newRow("role changed") << QStringLiteral("UPDATE users SET role = 'viewer' WHERE id = 7")
                                  << QStringLiteral("user");
    QTest::newRow("deactivated") << QStringLiteral("UPDATE users SET active = 0 WHERE id = 7") << QStringLiteral("user");
    QTest::newRow("password changed") << QStringLiteral("UPDATE users SET password_hash = 'y' WHERE id = 7")
                                      << QStringLiteral("user");
    QTest::newRow("session revoked") << QStringLiteral("UPDATE sessions SET revoked_at = 5 WHERE id = 's1'")
                                     << QStringLiteral("session");
    QTest::newRow("session removed") << QStringLiteral("DELETE FROM sessions WHERE id = 's1'")
                                     << QStringLiteral("session");
}

void TestChangeFeed::writeElsewhereIsAnnouncedByItsTopic()
{
    QFETCH(QString, sql);
    QFETCH(QString, topic);
    QSignalSpy spy(&m_db->database().changes(), &ChangeFeed::changed);

    runElsewhere(sql);

    QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty(), 10 * ChangeFeed::WatchIntervalMs);
    QTest::qWait(2 * ChangeFeed::WatchIntervalMs); // and nothing more at the next ticks
    QCOMPARE(announced(spy), QStringList{topic + QStringLiteral(":*")});
}

// A login writes a session and the user's last-login time; logins by the dozen must not
// empty every cache twice a second.
void TestChangeFeed::loginWritesAreNotAnnounced()
{
    QSignalSpy spy(&m_db->database().changes(), &ChangeFeed::changed);

    runElsewhere(QStringLiteral("INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES ('s2', 7, 1, 9)"));
    runElsewhere(QStringLiteral("UPDATE users SET last_login_at = 1 WHERE id = 7"));
    // Then a change that is announced, so the feed has surely looked since the login.
    runElsewhere(QStringLiteral("UPDATE students SET grade = 92 WHERE id = 3"));

    QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty(), 10 * ChangeFeed::WatchIntervalMs);
    QTest::qWait(2 * ChangeFeed::WatchIntervalMs);
    QCOMPARE(announced(spy), QStringList{QStringLiteral("student:*")});
}

QTEST_GUILESS_MAIN(TestChangeFeed)
#include "tst_change_feed.moc"
