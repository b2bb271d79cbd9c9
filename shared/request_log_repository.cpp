#include "request_log_repository.h"

#include "sql_support.h"

#include <QSqlError>

#include <utility>

namespace academy {

namespace {

RequestLogEntry readEntry(const QSqlQuery &query)
{
    RequestLogEntry e;
    e.id = query.value(0).toLongLong();
    e.time = fromStoredTime(query.value(1));
    e.requestId = query.value(2).toString().toLatin1();
    e.method = query.value(3).toString().toLatin1();
    e.path = query.value(4).toString();
    e.route = query.value(5).toString();
    e.status = query.value(6).toInt();
    e.durationMs = query.value(7).toDouble();
    e.bytesIn = query.value(8).toLongLong();
    e.bytesOut = query.value(9).toLongLong();
    e.remoteAddress = query.value(10).toString();
    if (!query.value(11).isNull())
        e.userId = query.value(11).toLongLong();
    return e;
}

struct Filter
{
    QString where;
    QVariantList bindings;
};

Filter buildFilter(const RequestLogQuery &query)
{
    QStringList conditions;
    Filter filter;
    auto add = [&](const QString &condition, const QVariant &value) {
        conditions << condition;
        filter.bindings << value;
    };
    if (query.since)
        add(QStringLiteral("time >= ?"), toStoredTime(*query.since));
    if (query.until)
        add(QStringLiteral("time <= ?"), toStoredTime(*query.until));
    if (!query.method.isEmpty())
        add(QStringLiteral("method = ?"), QString::fromLatin1(query.method));
    if (query.status)
        add(QStringLiteral("status = ?"), *query.status);
    if (query.statusClass) {
        add(QStringLiteral("status >= ?"), *query.statusClass * 100);
        add(QStringLiteral("status < ?"), *query.statusClass * 100 + 100);
    }
    if (!query.pathContains.isEmpty())
        add(QStringLiteral("path LIKE ? ESCAPE '\\'"), containsPattern(query.pathContains));
    if (query.userId)
        add(QStringLiteral("user_id = ?"), *query.userId);
    if (!conditions.isEmpty())
        filter.where = QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    return filter;
}

// Rows per INSERT statement. On PostgreSQL one statement per row cost a round trip each: at
// 15,000 requests/s the database server spent more CPU on the log than the API server on the
// requests (bench/run); 50 rows of 11 values halved that. SQLite runs in-process, so a
// statement per row costs no round trip, while its parser looks up every `?` of a statement
// in a list of all of them (quadratic: 550 made preparing the insert a quarter of the
// server's instructions, callgrind): there one row, prepared once per batch.
qsizetype rowsPerInsert(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QSQLITE") ? 1 : 50;
}

constexpr int ColumnsPerRow = 11;

QString multiRowInsert(qsizetype rows)
{
    QString sql = QStringLiteral("INSERT INTO request_log (time, request_id, method, path, route, status, "
                                 "duration_ms, bytes_in, bytes_out, remote_address, user_id) VALUES ");
    for (qsizetype i = 0; i < rows; ++i)
        sql += i == 0 ? QStringLiteral("(?,?,?,?,?,?,?,?,?,?,?)") : QStringLiteral(",(?,?,?,?,?,?,?,?,?,?,?)");
    return sql;
}

void bindEntry(QSqlQuery &query, int first, const RequestLogEntry &e)
{
    const QVariant values[] = {toStoredTime(e.time), QString::fromLatin1(e.requestId), QString::fromLatin1(e.method),
                               e.path.isNull() ? QStringLiteral("") : e.path, // a refusal before the request line has none
                               e.route.isNull() ? QStringLiteral("") : e.route, e.status, e.durationMs,
                               e.bytesIn, e.bytesOut, e.remoteAddress.isNull() ? QStringLiteral("") : e.remoteAddress,
                               e.userId ? QVariant(*e.userId) : QVariant(QMetaType::fromType<qint64>())};
    for (int i = 0; i < int(std::size(values)); ++i)
        query.bindValue(first + i, values[i]);
}

} // namespace

Status RequestLogRepository::append(const QList<RequestLogEntry> &entries)
{
    const qsizetype chunk = rowsPerInsert(m_db);
    QSqlQuery full(m_db); // prepared once, for every full chunk of the batch
    bool fullPrepared = false;
    for (qsizetype start = 0; start < entries.size(); start += chunk) {
        const qsizetype rows = qMin(chunk, entries.size() - start);
        QSqlQuery last(m_db);
        QSqlQuery &query = rows == chunk ? full : last;
        const bool prepared = rows == chunk && std::exchange(fullPrepared, true);
        if (!prepared && !query.prepare(multiRowInsert(rows)))
            return databaseError(query.lastError(), "prepare request log insert");
        for (qsizetype row = 0; row < rows; ++row)
            bindEntry(query, int(row * ColumnsPerRow), entries.at(start + row));
        if (!query.exec())
            return databaseError(query.lastError(), "insert request log entries");
    }
    return {};
}

Result<RequestLogPage> RequestLogRepository::list(const RequestLogQuery &query)
{
    const Filter filter = buildFilter(query);
    Result<QSqlQuery> counted = runQuery(m_db, QStringLiteral("SELECT COUNT(*) FROM request_log") + filter.where,
                                         filter.bindings, "count request log");
    if (!counted)
        return counted.error();
    RequestLogPage page;
    page.total = counted.value().next() ? counted.value().value(0).toLongLong() : 0;
    QVariantList bindings = filter.bindings;
    bindings << query.limit << query.offset;
    Result<QSqlQuery> rows = runQuery(
        m_db,
        QStringLiteral("SELECT id, time, request_id, method, path, route, status, duration_ms, bytes_in, bytes_out, "
                       "remote_address, user_id FROM request_log") + filter.where + QStringLiteral(" ORDER BY id DESC LIMIT ? OFFSET ?"),
        bindings, "list request log");
    if (!rows)
        return rows.error();
    while (rows.value().next())
        page.items.append(readEntry(rows.value()));
    return page;
}

Result<qint64> RequestLogRepository::count()
{
    Result<QSqlQuery> query = runQuery(m_db, QStringLiteral("SELECT COUNT(*) FROM request_log"), {}, "count request log");
    if (!query)
        return query.error();
    return query.value().next() ? query.value().value(0).toLongLong() : 0;
}

Result<qint64> RequestLogRepository::prune(const QDateTime &before)
{
    Result<QSqlQuery> query = runQuery(m_db, QStringLiteral("DELETE FROM request_log WHERE time < ?"),
                                       {toStoredTime(before)}, "prune request log");
    if (!query)
        return query.error();
    return qint64(query.value().numRowsAffected());
}

} // namespace academy
