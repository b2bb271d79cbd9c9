#pragma once

#include "database.h"
#include "error.h"

#include <QList>
#include <QString>

#include <optional>

namespace academy {

struct Migration
{
    int version;
    QString resource;              // a .sql file under :/migrations
    std::optional<Engine> onlyFor; // the other engine records the version and runs nothing
};

// The shipped schema history. The SQL is one schema for both engines; the engine
// differences are the auto-increment primary key, written {{ID}} and filled in here, and
// migrations that only one engine needs (onlyFor).
class Migrations final
{
public:
    explicit Migrations(Database &database) : m_database(database) {}

    static const QList<Migration> &all();
    static int latestVersion();

    // Brings the schema to latestVersion() in one transaction. A database whose schema is
    // newer than this build knows is refused with a clear message and left untouched.
    Status apply();

    // The applied version (0 for an empty database).
    Result<int> currentVersion();

private:
    Status applyOne(const Migration &migration);

    Database &m_database;
};

// The statements of a migration script for an engine (split on ';' at line ends).
QStringList migrationStatements(const QString &script, Engine engine);

} // namespace academy
