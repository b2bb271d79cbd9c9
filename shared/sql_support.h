#pragma once

#include "error.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <functional>
#include <initializer_list>

Q_DECLARE_LOGGING_CATEGORY(lcDatabase)

namespace academy {

// Logs the driver's full error (never shown to clients: it can hold SQL and paths) and
// returns the error a client may see: Unavailable when the connection is gone, Internal
// otherwise.
Error databaseError(const QSqlError &error, const char *context);

bool isUniqueViolation(const QSqlError &error);

// Prepares and runs a statement with positional bindings. Only prepared statements ever
// reach the database.
Result<QSqlQuery> runQuery(QSqlDatabase db, const QString &sql,
                           std::initializer_list<QVariant> bindings, const char *context);
Result<QSqlQuery> runQuery(QSqlDatabase db, const QString &sql, const QVariantList &bindings,
                           const char *context);

// One page of a log table (request_log, audit_log), newest first by id: each row is handed to
// `eachRow` while the statement is open. `where` is " WHERE ..." or empty, with `bindings` for
// its placeholders. Returns how many rows `where` matches in all.
Result<qint64> newestFirstPage(QSqlDatabase db, const QString &table, const QString &columns, QString where,
                               QVariantList bindings, int limit, qint64 offset, const char *context,
                               const std::function<void(const QSqlQuery &)> &eachRow);

// Timestamps are stored as milliseconds since the epoch (BIGINT on both engines).
qint64 toStoredTime(const QDateTime &time);
QDateTime fromStoredTime(const QVariant &value);
QDateTime currentTime(); // UTC, millisecond precision

// A LIKE pattern matching `text` anywhere, with % _ and \ in it taken literally
// (use with ESCAPE '\').
QString containsPattern(const QString &text);

// The form stored in *_folded columns and searched with LIKE: case-folded beyond ASCII,
// so "Ärzte", "ÄRZTE" and "ärzte" (and "Straße", "STRASSE") match on both engines.
QString foldForSearch(const QString &text);

} // namespace academy
