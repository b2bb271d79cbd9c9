#include "request_log_batch.h"

#include "query_metrics.h"
#include "sql_support.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

namespace academy {

namespace {

// ---- PostgreSQL: array literals -----------------------------------------------------------

// One column of the batch as a PostgreSQL array literal ("{…}"): text elements quoted with
// " and \ escaped, numbers bare, NULL for an absent value.
class ArrayLiteral
{
public:
    explicit ArrayLiteral(qsizetype expected) { m_text.reserve(expected * 8 + 2); }

    void addText(QStringView value)
    {
        separate();
        m_text += QLatin1Char('"');
        for (const QChar c : value) {
            if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
                m_text += QLatin1Char('\\');
            m_text += c;
        }
        m_text += QLatin1Char('"');
    }
    void addText(const QByteArray &latin1) { addText(QString::fromLatin1(latin1)); }
    void addNumber(qint64 value) { separate(); m_text += QString::number(value); }
    void addNumber(double value) { separate(); m_text += QString::number(value, 'g', QLocale::FloatingPointShortest); }
    void addNull() { separate(); m_text += QLatin1String("NULL"); }

    QString finished() const { return m_text + QLatin1Char('}'); }

private:
    void separate() { m_text += m_text.isEmpty() ? QLatin1Char('{') : QLatin1Char(','); }

    QString m_text;
};

// ---- SQLite: the connection's own handle --------------------------------------------------

sqlite3 *sqliteHandle(QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

Status sqliteFailure(sqlite3 *db, const char *context)
{
    const int code = sqlite3_extended_errcode(db);
    qCWarning(lcDatabase).noquote() << context << ':' << sqlite3_errmsg(db) << '(' << code << ')';
    switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    default:
        return Error::internal(QStringLiteral("Database error"));
    }
}

// Bound without a copy (SQLITE_STATIC): the entry outlives the step that reads it.
void bindText(sqlite3_stmt *statement, int column, QStringView text)
{
    if (text.isEmpty())
        sqlite3_bind_text(statement, column, "", 0, SQLITE_STATIC);
    else
        sqlite3_bind_text16(statement, column, text.utf16(), int(text.size() * 2), SQLITE_STATIC);
}

void bindText(sqlite3_stmt *statement, int column, const QByteArray &ascii)
{
    sqlite3_bind_text(statement, column, ascii.isEmpty() ? "" : ascii.constData(), int(ascii.size()), SQLITE_STATIC);
}

void bindEntry(sqlite3_stmt *statement, const RequestLogEntry &e)
{
    sqlite3_bind_int64(statement, 1, toStoredTime(e.time));
    bindText(statement, 2, e.requestId);
    bindText(statement, 3, e.method);
    bindText(statement, 4, e.path); // a refusal before the request line has none: ""
    bindText(statement, 5, e.route);
    sqlite3_bind_int(statement, 6, e.status);
    sqlite3_bind_double(statement, 7, e.durationMs);
    sqlite3_bind_int64(statement, 8, e.bytesIn);
    sqlite3_bind_int64(statement, 9, e.bytesOut);
    bindText(statement, 10, e.remoteAddress);
    if (e.userId)
        sqlite3_bind_int64(statement, 11, *e.userId);
    else
        sqlite3_bind_null(statement, 11);
}

} // namespace

Status appendRequestLogToPostgres(QSqlDatabase &db, const QList<RequestLogEntry> &entries)
{
    if (entries.isEmpty())
        return {};
    ArrayLiteral times(entries.size()), requestIds(entries.size()), methods(entries.size()), paths(entries.size()),
        routes(entries.size()), statuses(entries.size()), durations(entries.size()), bytesIn(entries.size()),
        bytesOut(entries.size()), addresses(entries.size()), users(entries.size());
    for (const RequestLogEntry &e : entries) {
        times.addNumber(toStoredTime(e.time));
        requestIds.addText(e.requestId);
        methods.addText(e.method);
        paths.addText(e.path);
        routes.addText(e.route);
        statuses.addNumber(qint64(e.status));
        durations.addNumber(e.durationMs);
        bytesIn.addNumber(e.bytesIn);
        bytesOut.addNumber(e.bytesOut);
        addresses.addText(e.remoteAddress);
        if (e.userId)
            users.addNumber(*e.userId);
        else
            users.addNull();
    }
    Result<QSqlQuery> inserted = runQuery(
        db,
        QStringLiteral("INSERT INTO request_log (time, request_id, method, path, route, status, duration_ms, bytes_in, "
                       "bytes_out, remote_address, user_id) "
                       "SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::integer[], "
                       "?::double precision[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[])"),
        {times.finished(), requestIds.finished(), methods.finished(), paths.finished(), routes.finished(),
         statuses.finished(), durations.finished(), bytesIn.finished(), bytesOut.finished(), addresses.finished(),
         users.finished()},
        "insert request log entries");
    if (!inserted)
        return inserted.error();
    return {};
}

Status appendRequestLogToSqlite(QSqlDatabase &db, const QList<RequestLogEntry> &entries)
{
    sqlite3 *handle = sqliteHandle(db);
    if (!handle)
        return Error::internal(QStringLiteral("Database error"));
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(handle,
                           "INSERT INTO request_log (time, request_id, method, path, route, status, duration_ms, "
                           "bytes_in, bytes_out, remote_address, user_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &statement, nullptr)
        != SQLITE_OK)
        return sqliteFailure(handle, "prepare request log insert");
    QElapsedTimer timer;
    timer.start();
    Status done;
    for (const RequestLogEntry &e : entries) {
        bindEntry(statement, e);
        if (sqlite3_step(statement) != SQLITE_DONE) {
            done = sqliteFailure(handle, "insert request log entry");
            break;
        }
        sqlite3_reset(statement);
    }
    sqlite3_finalize(statement);
    QueryMetrics::instance().observe(timer.nsecsElapsed() / 1e9, !done);
    return done;
}

} // namespace academy
