#pragma once

#include "database.h"
#include "request_log_entry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <memory>

Q_DECLARE_METATYPE(academy::Engine)

namespace academy::test {

// A fresh, migrated database for one test: a SQLite file in a temporary folder, or a new
// database in the throwaway PostgreSQL cluster that the CTest fixture started (dropped
// again when this object goes). Nothing here fakes our own layers.
class TestDatabase final
{
public:
    // Fails the current test (QFAIL-style, returns nullptr) when the engine is unreachable:
    // PostgreSQL tests never skip.
    static std::unique_ptr<TestDatabase> create(Engine engine, bool migrate = true);
    ~TestDatabase();

    Database &database() { return *m_database; }
    // The DB_URL of this database.
    QString url() const { return m_url; }

    // Drops and reopens the Database object (e.g. to check what survived).
    void reopen();

private:
    TestDatabase() = default;

    Engine m_engine = Engine::SQLite;
    QString m_url;
    QString m_postgresName;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
};

// The throwaway cluster's admin URL (…/postgres), from ACADEMY_TEST_PG_URL or the file named
// by ACADEMY_TEST_PG_URL_FILE; empty when neither is set.
QString postgresAdminUrl();

// Adds the rows "sqlite" and "postgresql" of a column "engine" for initTestCase_data(), so
// one suite runs unchanged against both engines.
void addEngineRows();
// The engine of the current global data row.
Engine currentEngine();

// Runs one statement on a throwaway admin connection to the cluster.
bool postgresAdmin(const QString &sql, QString *error);

// A request log entry that only its id tells apart, for tests of where entries go.
inline RequestLogEntry entryWithRequestId(const QByteArray &requestId)
{
    RequestLogEntry entry;
    entry.requestId = requestId;
    return entry;
}

} // namespace academy::test
