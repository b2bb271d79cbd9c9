#pragma once

#include "error.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>
#include <QVariantList>

#include <functional>

namespace academy {

// Runs a statement the calling thread prepared before on the same connection, preparing it
// the first time. For the hot reads: parsing a point lookup costs SQLite more than running
// it, and a PostgreSQL prepare is a round trip of its own. `read` takes the rows; the
// statement is reset as soon as it returns, so no read snapshot stays open between requests.
// A statement already in use further up the stack is prepared afresh instead.
Status runPrepared(QSqlDatabase db, const QString &sql, const QVariantList &bindings, const char *context,
                   const std::function<void(QSqlQuery &)> &read);

// The same statements, for a caller that binds and steps one through the engine's own API
// (QSqlQuery::result()->handle()): `use` gets it prepared and not executed. The request log's
// batch insert on SQLite: preparing its INSERT of 32 rows (352 placeholders) for every batch
// was a sixth of the log writer's CPU.
Status usePrepared(QSqlDatabase db, const QString &sql, const char *context,
                   const std::function<Status(QSqlQuery &)> &use);

// Drops the calling thread's statements for a connection about to be closed or removed.
void forgetPreparedStatements(const QString &connectionName);
// Drops every thread's statements for these connections, which are about to be removed by
// a thread that may not be theirs (a Database going away; their threads are idle or ended).
void forgetPreparedStatementsEverywhere(const QStringList &connectionNames);

} // namespace academy
