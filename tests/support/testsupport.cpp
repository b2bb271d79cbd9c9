#include "testsupport.h"

#include "database_url.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace academy::test {

QString postgresAdminUrl()
{
    const QString direct = qEnvironmentVariable("ACADEMY_TEST_PG_URL");
    if (!direct.isEmpty())
        return direct;
    QFile file(qEnvironmentVariable("ACADEMY_TEST_PG_URL_FILE"));
    if (file.fileName().isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

bool postgresAdmin(const QString &sql, QString *error)
{
    const QString name = QStringLiteral("academy-test-admin-") + QUuid::createUuid().toString(QUuid::Id128);
    bool ok = false;
    {
        Result<DatabaseUrl> url = DatabaseUrl::parse(postgresAdminUrl());
        if (!url) {
            *error = QStringLiteral("no PostgreSQL test cluster: run through ctest (its fixture "
                                    "starts one) or set ACADEMY_TEST_PG_URL");
            return false;
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(url->host);
        db.setPort(url->port);
        db.setUserName(url->user);
        db.setPassword(url->password);
        db.setDatabaseName(url->database);
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            QSqlQuery query(db);
            ok = query.exec(sql);
            if (!ok)
                *error = query.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

std::unique_ptr<TestDatabase> TestDatabase::create(Engine engine, bool migrate)
{
    std::unique_ptr<TestDatabase> test(new TestDatabase);
    test->m_engine = engine;
    if (engine == Engine::SQLite) {
        test->m_dir = std::make_unique<QTemporaryDir>();
        test->m_url = QStringLiteral("sqlite://") + test->m_dir->filePath(QStringLiteral("academy.db"));
    } else {
        test->m_postgresName = QStringLiteral("academy_test_") + QUuid::createUuid().toString(QUuid::Id128);
        QString error;
        if (!postgresAdmin(QStringLiteral("CREATE DATABASE ") + test->m_postgresName, &error)) {
            QTest::qFail(qPrintable(QStringLiteral("PostgreSQL unavailable: ") + error), __FILE__, __LINE__);
            return nullptr;
        }
        QString admin = postgresAdminUrl();
        admin.chop(admin.size() - admin.lastIndexOf(QLatin1Char('/')) - 1);
        test->m_url = admin + test->m_postgresName;
    }
    test->reopen();
    if (migrate) {
        const Status migrated = test->m_database->migrate();
        if (!migrated) {
            QTest::qFail(qPrintable(migrated.error().message), __FILE__, __LINE__);
            return nullptr;
        }
    }
    return test;
}

void TestDatabase::reopen()
{
    m_database.reset();
    m_database = std::make_unique<Database>(DatabaseUrl::parse(m_url).value());
}

TestDatabase::~TestDatabase()
{
    m_database.reset();
    if (!m_postgresName.isEmpty()) {
        QString error;
        if (!postgresAdmin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_postgresName), &error))
            qWarning("could not drop %s: %s", qPrintable(m_postgresName), qPrintable(error));
    }
}

void addEngineRows()
{
    QTest::addColumn<Engine>("engine");
    QTest::newRow("sqlite") << Engine::SQLite;
    QTest::newRow("postgresql") << Engine::PostgreSQL;
}

Engine currentEngine()
{
    return *static_cast<Engine *>(QTest::qGlobalData("engine", qMetaTypeId<Engine>()));
}

} // namespace academy::test
