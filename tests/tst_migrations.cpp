#include "checks.h"
#include "migrations.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <memory>

using namespace academy;
using academy::test::TestDatabase;

namespace {

// Tables that every schema version has; later migrations may add more.
const QStringList kCoreTables{QStringLiteral("audit_log"), QStringLiteral("schema_version"),
                              QStringLiteral("students"), QStringLiteral("users")};

QList<int> everyVersion()
{
    QList<int> versions;
    for (const Migration &migration : Migrations::all())
        versions.append(migration.version);
    return versions;
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void migrateOnAnEmptyDatabaseCreatesTheLatestSchema();
    void migrateTwiceIsANoOpThatKeepsTheData();
    void studentsAreIndexedByUpdatedAt();
    void aNewerSchemaIsRefusedAndLeftUntouched();
    void migrationStatementsFillInTheEnginesPrimaryKey();
    void migrationStatementsSplitOnSemicolonsAtLineEndsAndDropComments();
    void sqliteConnectionsUseWalFullSyncAndForeignKeys();
    void sqliteRequestLogLivesInItsOwnFile();
    void sqliteRequestLogMovesWithItsRows();
    void unreachablePostgresFailsFastWithoutShowingThePassword_data();
    void unreachablePostgresFailsFastWithoutShowingThePassword();
    void sqlitePathThatCannotBeCreatedGivesAClearError();

private:
    // One column of the first row of `sql` on this thread's connection, or an invalid QVariant.
    QVariant scalar(const QString &sql) { return scalarOn(m_db->database().connection(), sql); }
    // The same on the request log's connection (on SQLite, the log's own file).
    QVariant logScalar(const QString &sql) { return scalarOn(m_db->database().requestLogConnection(), sql); }
    QVariant scalarOn(const Result<QSqlDatabase> &db, const QString &sql);
    QStringList tables();
    QList<int> schemaVersions();

    std::unique_ptr<TestDatabase> m_db;
};

void TestMigrations::initTestCase_data()
{
    academy::test::addEngineRows();
}

void TestMigrations::init()
{
    QFETCH_GLOBAL(Engine, engine);
    m_db = TestDatabase::create(engine, false); // empty: migrating is what these tests do
    QVERIFY(m_db);
}

void TestMigrations::cleanup()
{
    m_db.reset();
}

QVariant TestMigrations::scalarOn(const Result<QSqlDatabase> &db, const QString &sql)
{
    if (!db) {
        QTest::qFail(qPrintable(db.error().message), __FILE__, __LINE__);
        return {};
    }
    QSqlQuery query(db.value());
    if (!query.exec(sql) || !query.next()) {
        QTest::qFail(qPrintable(sql + QStringLiteral(": ") + query.lastError().text()), __FILE__,
                     __LINE__);
        return {};
    }
    return query.value(0);
}

QStringList TestMigrations::tables()
{
    const QString sql = m_db->database().engine() == Engine::SQLite
                            ? QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%' ORDER BY name")
                            : QStringLiteral("SELECT table_name FROM information_schema.tables "
                                             "WHERE table_schema = 'public' ORDER BY table_name");
    QSqlQuery query(m_db->database().connection().value());
    QStringList names;
    if (!query.exec(sql))
        return {query.lastError().text()};
    while (query.next())
        names.append(query.value(0).toString());
    return names;
}

QList<int> TestMigrations::schemaVersions()
{
    QSqlQuery query(m_db->database().connection().value());
    QList<int> versions;
    if (!query.exec(QStringLiteral("SELECT version FROM schema_version ORDER BY version")))
        return {-1};
    while (query.next())
        versions.append(query.value(0).toInt());
    return versions;
}

void TestMigrations::migrateOnAnEmptyDatabaseCreatesTheLatestSchema()
{
    QCOMPARE(tables(), QStringList());

    QVERIFY_OK(m_db->database().migrate());

    const QStringList created = tables();
    for (const QString &table : kCoreTables)
        QVERIFY2(created.contains(table), qPrintable(table));
    QCOMPARE(schemaVersions(), everyVersion());
    QCOMPARE(everyVersion().constLast(), Migrations::latestVersion());
    const Result<int> current = Migrations(m_db->database()).currentVersion();
    QVERIFY_OK(current);
    QCOMPARE(current.value(), Migrations::latestVersion());
}

void TestMigrations::migrateTwiceIsANoOpThatKeepsTheData()
{
    QVERIFY_OK(m_db->database().migrate());
    QSqlQuery insert(m_db->database().connection().value());
    QVERIFY2(
        insert.exec(QStringLiteral(
            "INSERT INTO students (name, course, grade, name_folded, course_folded, "
            "created_at, updated_at, version) VALUES ('Ann', 'Math', 90, 'ann', 'math', 1, 1, 1)")),
        qPrintable(insert.lastError().text()));
    const QList<int> versions = schemaVersions();

    QVERIFY_OK(m_db->database().migrate());
    m_db->reopen();
    QVERIFY_OK(m_db->database().migrate()); // and again from a new connection

    QCOMPARE(schemaVersions(), versions);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM students")).toInt(), 1);
    QCOMPARE(scalar(QStringLiteral("SELECT name FROM students")).toString(), QStringLiteral("Ann"));
}

// For lists sorted by updatedAt (migration 4).
void TestMigrations::studentsAreIndexedByUpdatedAt()
{
    QVERIFY_OK(m_db->database().migrate());

    const QString sql =
        academy::test::currentEngine() == Engine::SQLite
            ? QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'index' AND "
                             "name = 'students_updated_at'")
            : QStringLiteral("SELECT indexdef FROM pg_indexes WHERE tablename = 'students' AND "
                             "indexname = 'students_updated_at'");
    const QString definition = scalar(sql).toString();
    QVERIFY2(definition.contains(QLatin1String("(updated_at)")), qPrintable(definition));
}

void TestMigrations::aNewerSchemaIsRefusedAndLeftUntouched()
{
    const int newer = Migrations::latestVersion() + 1;
    QSqlQuery query(m_db->database().connection().value());
    QVERIFY2(query.exec(QStringLiteral("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                                       "applied_at BIGINT NOT NULL)")),
             qPrintable(query.lastError().text()));
    QVERIFY2(
        query.exec(QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (%1, 7)")
                       .arg(newer)),
        qPrintable(query.lastError().text()));
    query.finish();

    const Status migrated = m_db->database().migrate();

    QVERIFY(!migrated.ok());
    QVERIFY2(migrated.error().message.contains(QLatin1String("newer")),
             qPrintable(migrated.error().message));
    QVERIFY2(migrated.error().message.contains(QString::number(newer)),
             qPrintable(migrated.error().message));
    QCOMPARE(tables(), QStringList{"schema_version"});
    QCOMPARE(schemaVersions(), QList<int>{newer});
    QCOMPARE(scalar(QStringLiteral("SELECT applied_at FROM schema_version")).toLongLong(),
             qint64(7));
}

void TestMigrations::migrationStatementsFillInTheEnginesPrimaryKey()
{
    const Engine engine = academy::test::currentEngine();
    const QString script = QStringLiteral("CREATE TABLE a (id {{ID}}, x TEXT);\n"
                                          "CREATE TABLE b (id {{ID}});\n");

    const QStringList statements = migrationStatements(script, engine);

    const QString key = engine == Engine::SQLite
                            ? QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT")
                            : QStringLiteral("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    QCOMPARE(statements, (QStringList{QStringLiteral("CREATE TABLE a (id %1, x TEXT)").arg(key),
                                      QStringLiteral("CREATE TABLE b (id %1)").arg(key)}));
}

void TestMigrations::migrationStatementsSplitOnSemicolonsAtLineEndsAndDropComments()
{
    const QString script = QStringLiteral("-- a comment; with a semicolon\n"
                                          "CREATE TABLE a (x TEXT DEFAULT 'a;b');\n"
                                          "\n"
                                          "CREATE INDEX a_x ON a (x); -- trailing comment\n"
                                          "CREATE TABLE c (y INTEGER)");

    const QStringList statements = migrationStatements(script, academy::test::currentEngine());

    QCOMPARE(statements, (QStringList{QStringLiteral("CREATE TABLE a (x TEXT DEFAULT 'a;b')"),
                                      QStringLiteral("CREATE INDEX a_x ON a (x)"),
                                      QStringLiteral("CREATE TABLE c (y INTEGER)")}));
}

void TestMigrations::sqliteConnectionsUseWalFullSyncAndForeignKeys()
{
    if (academy::test::currentEngine() != Engine::SQLite)
        QSKIP("SQLite pragmas");

    QCOMPARE(scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(scalar(QStringLiteral("PRAGMA synchronous")).toInt(), 2);
    QCOMPARE(scalar(QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    QCOMPARE(scalar(QStringLiteral("PRAGMA busy_timeout")).toInt(), 5000);
    QCOMPARE(logScalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(logScalar(QStringLiteral("PRAGMA synchronous")).toInt(), 2);
    QCOMPARE(logScalar(QStringLiteral("PRAGMA busy_timeout")).toInt(), 5000);
}

// Migration 6: the request log's commits no longer touch the students' file.
void TestMigrations::sqliteRequestLogLivesInItsOwnFile()
{
    if (academy::test::currentEngine() != Engine::SQLite)
        QSKIP("SQLite files");
    QVERIFY_OK(m_db->database().migrate());

    QVERIFY(!tables().contains(QStringLiteral("request_log")));
    QCOMPARE(logScalar(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'request_log'")).toInt(), 1);
    const QString path = m_db->database().url().path;
    const QString logPath = Database::sqliteRequestLogPath(path);
    QCOMPARE(QFileInfo(logPath).dir(), QFileInfo(path).dir());
    QCOMPARE(QFileInfo(logPath).fileName(), QFileInfo(path).completeBaseName() + QStringLiteral("-requests.db"));
    QVERIFY(QFileInfo::exists(logPath));
    QCOMPARE(logScalar(QStringLiteral("SELECT file FROM pragma_database_list WHERE name = 'main'")).toString(),
             QFileInfo(logPath).absoluteFilePath());
    // Attached only while the migrations ran: a connection with both files locks both with
    // every write transaction.
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM pragma_database_list WHERE name = 'log'")).toInt(), 0);
}

// A database of version 5 keeps its request log, ids and all, and the ids go on from there.
void TestMigrations::sqliteRequestLogMovesWithItsRows()
{
    if (academy::test::currentEngine() != Engine::SQLite)
        QSKIP("SQLite files");
    QSqlDatabase db = m_db->database().connection().value();
    QSqlQuery query(db);
    for (const Migration &migration : Migrations::all()) {
        if (migration.version > 5)
            break;
        QFile script(migration.resource);
        QVERIFY(script.open(QIODevice::ReadOnly));
        for (const QString &statement : migrationStatements(QString::fromUtf8(script.readAll()), Engine::SQLite))
            QVERIFY2(query.exec(statement), qPrintable(statement + QStringLiteral(": ") + query.lastError().text()));
    }
    QVERIFY(query.exec(QStringLiteral("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)")));
    QVERIFY(query.exec(QStringLiteral("INSERT INTO schema_version VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0)")));
    QVERIFY2(query.exec(QStringLiteral(
                 "INSERT INTO main.request_log (id, time, request_id, method, path, route, status, duration_ms, "
                 "bytes_in, bytes_out, remote_address, user_id) VALUES "
                 "(7, 1000, 'a', 'GET', '/students/1', '/students/:id', 200, 1.5, 10, 20, '10.0.0.1', 3), "
                 "(9, 2000, 'b', 'POST', '/login', '/login', 401, 2.5, 30, 40, '10.0.0.2', NULL)")),
             qPrintable(query.lastError().text()));

    QVERIFY_OK(m_db->database().migrate());

    QVERIFY(!tables().contains(QStringLiteral("request_log")));
    QCOMPARE(logScalar(QStringLiteral("SELECT group_concat(id || ':' || request_id || ':' || path || ':' || status, ' ') "
                                      "FROM (SELECT * FROM request_log ORDER BY id)")).toString(),
             QStringLiteral("7:a:/students/1:200 9:b:/login:401"));
    QSqlQuery logQuery(m_db->database().requestLogConnection().value());
    QVERIFY(logQuery.exec(QStringLiteral("INSERT INTO request_log (time, request_id, method, path, status, duration_ms) "
                                         "VALUES (3000, 'c', 'GET', '/', 200, 0.5)")));
    QCOMPARE(logQuery.lastInsertId().toLongLong(), 10);
    QCOMPARE(schemaVersions().constLast(), Migrations::latestVersion());
}

void TestMigrations::unreachablePostgresFailsFastWithoutShowingThePassword_data()
{
    QTest::addColumn<QString>("password");
    QTest::newRow("one letter") << "y";
    QTest::newRow("distinctive") << "Sup3r-Secret-Pw";
}

void TestMigrations::unreachablePostgresFailsFastWithoutShowingThePassword()
{
    if (academy::test::currentEngine() != Engine::PostgreSQL)
        QSKIP("a PostgreSQL server address");
    QFETCH(QString, password);
    Database database(
        DatabaseUrl::parse(QStringLiteral("postgresql://x:%1@127.0.0.1:1/none").arg(password))
            .value());
    QElapsedTimer timer;
    timer.start();

    const Result<QSqlDatabase> connection = database.connection();
    const Status migrated = database.migrate();

    QVERIFY2(timer.elapsed() < 10'000,
             qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
    QVERIFY(!connection.ok());
    QVERIFY(!migrated.ok());
    for (const Error &error : {connection.error(), migrated.error()}) {
        QCOMPARE(error.code, ErrorCode::Unavailable);
        QVERIFY2(error.message.startsWith(QLatin1String("Cannot open the database")),
                 qPrintable(error.message));
        // A one-letter password also occurs in ordinary words: look for it where a URL has it.
        QVERIFY2(!error.message.contains(QStringLiteral("x:") + password),
                 qPrintable(error.message));
        if (password.size() > 1)
            QVERIFY2(!error.message.contains(password), qPrintable(error.message));
        QVERIFY2(error.message.contains(QLatin1String("127.0.0.1:1/none")),
                 qPrintable(error.message));
        QVERIFY2(!error.message.contains(u'\n'), qPrintable(error.message)); // one log line
    }
}

void TestMigrations::sqlitePathThatCannotBeCreatedGivesAClearError()
{
    if (academy::test::currentEngine() != Engine::SQLite)
        QSKIP("a SQLite file path");
    Database database(
        DatabaseUrl::parse(QStringLiteral("sqlite:///proc/academy-test/x.db")).value());

    const Result<QSqlDatabase> connection = database.connection();
    const Status migrated = database.migrate();

    QVERIFY(!connection.ok());
    QVERIFY(!migrated.ok());
    for (const Error &error : {connection.error(), migrated.error()}) {
        QCOMPARE(error.code, ErrorCode::Unavailable);
        QVERIFY2(error.message.startsWith(
                     QLatin1String("Cannot open the database sqlite:///proc/academy-test/x.db")),
                 qPrintable(error.message));
        QVERIFY2(error.message.contains(QLatin1String("/proc/academy-test")),
                 qPrintable(error.message));
    }
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
