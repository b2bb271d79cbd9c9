#include "request_log_batch.h"

#include "prepared_statements.h"
#include "query_metrics.h"
#include "sql_support.h"

#include <QElapsedTimer>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlResult>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <initializer_list>
#include <iterator>

namespace academy {

namespace {

// The engine's own pointer inside a QSqlDriver's or QSqlResult's handle(), or null when the
// variant holds none of the type names a driver registers it under.
template <typename T>
T *nativeHandle(const QVariant &handle, std::initializer_list<const char *> typeNames)
{
    const auto named = [&](const char *name) { return qstrcmp(handle.typeName(), name) == 0; };
    if (!handle.isValid() || std::none_of(typeNames.begin(), typeNames.end(), named))
        return nullptr;
    return *static_cast<T *const *>(handle.constData());
}

// ---- PostgreSQL: COPY through the connection's own libpq handle ------------------------

PGconn *postgresHandle(QSqlDatabase &db)
{
    // QPSQL registers the handle under libpq's struct name (pg_conn*); PGconn* is its typedef.
    return nativeHandle<PGconn>(db.driver()->handle(), {"pg_conn*", "PGconn*"});
}

// Through databaseError like every other statement: one log line, one classification.
Status postgresFailure(PGconn *connection, const char *context, const PGresult *result = nullptr)
{
    const char *message = result ? PQresultErrorMessage(result) : PQerrorMessage(connection);
    const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const QSqlError error(QStringLiteral("QPSQL: COPY"), QString::fromUtf8(message).trimmed(),
                          PQstatus(connection) == CONNECTION_OK ? QSqlError::StatementError : QSqlError::ConnectionError,
                          QString::fromLatin1(state));
    return databaseError(error, context);
}

// COPY's text format: tab between columns, \N for NULL, and backslash escapes for the
// characters that would end a field or a row. Runs of plain bytes are appended whole: the
// writer formats every logged request, and appending byte by byte, with a QByteArray made for
// each number, was a fifth of its CPU on PostgreSQL (perf).
void appendCopyText(QByteArray &out, QByteArrayView utf8)
{
    qsizetype plainFrom = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8[i];
        const char *escaped = c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : nullptr;
        if (!escaped)
            continue;
        out.append(utf8.sliced(plainFrom, i - plainFrom));
        out.append(escaped);
        plainFrom = i + 1;
    }
    out.append(utf8.sliced(plainFrom));
}

void appendCopyText(QByteArray &out, QStringView text)
{
    appendCopyText(out, QByteArrayView(text.toUtf8()));
}

// std::to_chars writes no locale and allocates nothing; for a double, the shortest text that
// reads back as the same value, which PostgreSQL's float8 input takes.
template<typename Number>
void appendCopyNumber(QByteArray &out, Number value)
{
    char text[32];
    const std::to_chars_result written = std::to_chars(std::begin(text), std::end(text), value);
    out.append(text, written.ptr - text);
}

void appendCopyRow(QByteArray &out, const RequestLogEntry &e)
{
    appendCopyNumber(out, toStoredTime(e.time));
    out += '\t';
    appendCopyText(out, QByteArrayView(e.requestId));
    out += '\t';
    appendCopyText(out, QByteArrayView(e.method));
    out += '\t';
    appendCopyText(out, e.path);
    out += '\t';
    appendCopyText(out, e.route);
    out += '\t';
    appendCopyNumber(out, e.status);
    out += '\t';
    appendCopyNumber(out, e.durationMs);
    out += '\t';
    appendCopyNumber(out, e.bytesIn);
    out += '\t';
    appendCopyNumber(out, e.bytesOut);
    out += '\t';
    appendCopyText(out, e.remoteAddress);
    out += '\t';
    if (e.userId)
        appendCopyNumber(out, *e.userId);
    else
        out += "\\N";
    out += '\n';
}

// Reads every result of the command in progress; the first failure is kept.
Status finishCommand(PGconn *connection, const char *context)
{
    Status done;
    while (PGresult *result = PQgetResult(connection)) {
        const ExecStatusType status = PQresultStatus(result);
        if (done && status != PGRES_COMMAND_OK && status != PGRES_COPY_IN)
            done = postgresFailure(connection, context, result);
        PQclear(result);
    }
    return done;
}

// Each COPY allocates about 136 kB in the backend (its 64 kB read and input buffers, the
// rows it holds) and frees it at the end. Lying at the top of the backend's heap, that memory
// went back to the kernel after every COPY (glibc trims above 128 kB) and was faulted in
// again by the next: 6 brk() calls and some 34 page faults per COPY, every shrink flushing
// the TLB of each core the backend had run on. glibc raises its trim threshold to twice the
// size of the first large mapped block a process frees, so one statement that allocates and
// frees 1 MB keeps those buffers in the backend for the connection's life. Measured: the
// database's CPU per logged request halved (bench/OPTIMISATIONS.md).
Status keepCopyBuffersInBackend(PGconn *connection)
{
    static thread_local const PGconn *kept = nullptr; // a log writer thread has one connection
    if (kept == connection)
        return {};
    PGresult *result = PQexec(connection, "SELECT length(repeat('x', 1048576))");
    const Status done = PQresultStatus(result) == PGRES_TUPLES_OK
                            ? Status()
                            : postgresFailure(connection, "keep COPY buffers in the backend", result);
    PQclear(result);
    if (done)
        kept = connection;
    return done;
}

// ---- SQLite: the connection's own handle --------------------------------------------------

sqlite3 *sqliteHandle(QSqlDatabase &db)
{
    return nativeHandle<sqlite3>(db.driver()->handle(), {"sqlite3*"});
}

// Through databaseError like every other statement: one log line, one classification.
Status sqliteFailure(sqlite3 *db, const char *context)
{
    const QSqlError error(QStringLiteral("QSQLITE: request log"), QString::fromUtf8(sqlite3_errmsg(db)),
                          QSqlError::StatementError, QString::number(sqlite3_extended_errcode(db)));
    return databaseError(error, context);
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

// Binds one entry's eleven values from parameter `first` on.
void bindEntry(sqlite3_stmt *statement, int first, const RequestLogEntry &e)
{
    sqlite3_bind_int64(statement, first, toStoredTime(e.time));
    bindText(statement, first + 1, e.requestId);
    bindText(statement, first + 2, e.method);
    bindText(statement, first + 3, e.path); // a refusal before the request line has none: ""
    bindText(statement, first + 4, e.route);
    sqlite3_bind_int(statement, first + 5, e.status);
    sqlite3_bind_double(statement, first + 6, e.durationMs);
    sqlite3_bind_int64(statement, first + 7, e.bytesIn);
    sqlite3_bind_int64(statement, first + 8, e.bytesOut);
    bindText(statement, first + 9, e.remoteAddress);
    if (e.userId)
        sqlite3_bind_int64(statement, first + 10, *e.userId);
    else
        sqlite3_bind_null(statement, first + 10);
}

constexpr int SqliteColumns = 11;
// Rows per INSERT statement. A statement per row paid SQLite's per-statement work (starting
// and ending the statement, AUTOINCREMENT's sqlite_sequence update) for every logged request;
// 32 rows share it. (Binding UTF-8 instead of UTF-16 text, which SQLite converts, changed
// nothing measurable.) The rest of a batch goes in statements of 16, 8, 4, 2 and 1 rows, so
// that six statements, each prepared once per connection, write any batch.
constexpr int SqliteRowsPerInsert = 32;

QString sqliteInsert(qsizetype rows)
{
    QString sql = QStringLiteral("INSERT INTO request_log (time, request_id, method, path, route, status, duration_ms, "
                                 "bytes_in, bytes_out, remote_address, user_id) VALUES ");
    for (qsizetype i = 0; i < rows; ++i)
        sql += i == 0 ? QLatin1String("(?,?,?,?,?,?,?,?,?,?,?)") : QLatin1String(",(?,?,?,?,?,?,?,?,?,?,?)");
    return sql;
}

// The INSERT of 2^n rows, n = 0..5, built once.
const QString &sqliteInsertOf(int rows)
{
    static const auto texts = [] {
        std::array<QString, 6> built;
        for (int n = 0; n < int(built.size()); ++n)
            built[n] = sqliteInsert(qsizetype(1) << n);
        return built;
    }();
    return texts[std::countr_zero(unsigned(rows))];
}

sqlite3_stmt *sqliteStatement(const QSqlQuery &query)
{
    return nativeHandle<sqlite3_stmt>(query.result() ? query.result()->handle() : QVariant(), {"sqlite3_stmt*"});
}

// Inserts entries [from, from + count) with one statement; sqlite3_reset lets it run again.
bool insertRows(sqlite3_stmt *statement, const QList<RequestLogEntry> &entries, qsizetype from, qsizetype count)
{
    for (qsizetype i = 0; i < count; ++i)
        bindEntry(statement, int(i) * SqliteColumns + 1, entries[from + i]);
    const bool inserted = sqlite3_step(statement) == SQLITE_DONE;
    sqlite3_reset(statement);
    return inserted;
}

} // namespace

Status appendRequestLogToPostgres(QSqlDatabase &db, const QList<RequestLogEntry> &entries)
{
    if (entries.isEmpty())
        return {};
    PGconn *connection = postgresHandle(db);
    if (!connection) {
        qCWarning(lcDatabase) << "request log: the PostgreSQL driver gave no libpq connection";
        return Error::internal(QStringLiteral("Database error"));
    }
    if (Status kept = keepCopyBuffersInBackend(connection); !kept)
        return kept;
    QByteArray rows;
    rows.reserve(entries.size() * 160);
    for (const RequestLogEntry &e : entries)
        appendCopyRow(rows, e);
    QElapsedTimer timer;
    timer.start();
    PGresult *started = PQexec(connection, "COPY request_log (time, request_id, method, path, route, status, "
                                           "duration_ms, bytes_in, bytes_out, remote_address, user_id) FROM STDIN");
    const bool copying = PQresultStatus(started) == PGRES_COPY_IN;
    Status done = copying ? Status() : postgresFailure(connection, "start request log COPY", started);
    PQclear(started);
    if (copying) {
        if (PQputCopyData(connection, rows.constData(), int(rows.size())) != 1 || PQputCopyEnd(connection, nullptr) != 1)
            done = postgresFailure(connection, "send request log rows");
        const Status finished = finishCommand(connection, "copy request log rows");
        if (done)
            done = finished;
    }
    QueryMetrics::instance().observe(timer.nsecsElapsed() / 1e9, !done);
    return done;
}

Status appendRequestLogToSqlite(QSqlDatabase &db, const QList<RequestLogEntry> &entries)
{
    sqlite3 *handle = sqliteHandle(db);
    if (!handle) {
        qCWarning(lcDatabase) << "request log: the SQLite driver gave no sqlite3 handle";
        return Error::internal(QStringLiteral("Database error"));
    }
    QElapsedTimer timer;
    timer.start();
    Status done;
    qsizetype from = 0;
    for (int rows = SqliteRowsPerInsert; done && rows >= 1; rows /= 2) {
        if (entries.size() - from < rows)
            continue;
        done = usePrepared(db, sqliteInsertOf(rows), "prepare request log insert", [&](QSqlQuery &query) -> Status {
            sqlite3_stmt *statement = sqliteStatement(query);
            if (!statement) {
                qCWarning(lcDatabase) << "request log: the SQLite driver gave no statement handle";
                return Error::internal(QStringLiteral("Database error"));
            }
            Status inserted;
            for (; inserted && entries.size() - from >= rows; from += rows) {
                if (!insertRows(statement, entries, from, rows))
                    inserted = sqliteFailure(handle, "insert request log entries");
            }
            sqlite3_clear_bindings(statement); // they point into the entries
            return inserted;
        });
    }
    QueryMetrics::instance().observe(timer.nsecsElapsed() / 1e9, !done);
    return done;
}

} // namespace academy
