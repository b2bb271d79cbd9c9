#pragma once

#include "database.h"
#include "error.h"

#include <QList>
#include <QString>

namespace academy {

struct Migration
{
    int version;
    QString resource; // a .sql file under :/migrations
};

// The shipped schema history. The SQL is one schema for both engines; the only engine
// difference, the auto-increment primary key, is written {{ID}} and filled in here.
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
