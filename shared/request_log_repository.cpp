#include "request_log_repository.h"

#include "request_log_batch.h"
#include "sql_support.h"

#include <QSqlError>

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

} // namespace

Status RequestLogRepository::append(const QList<RequestLogEntry> &entries)
{
    if (m_db.driverName() == QLatin1String("QSQLITE"))
        return appendRequestLogToSqlite(m_db, entries);
    return appendRequestLogToPostgres(m_db, entries);
}

Result<RequestLogPage> RequestLogRepository::list(const RequestLogQuery &query)
{
    const Filter filter = buildFilter(query);
    RequestLogPage page;
    Result<qint64> total = newestFirstPage(
        m_db, QStringLiteral("request_log"),
        QStringLiteral("id, time, request_id, method, path, route, status, duration_ms, bytes_in, bytes_out, "
                       "remote_address, user_id"),
        filter.where, filter.bindings, query.limit, query.offset, "list request log",
        [&](const QSqlQuery &row) { page.items.append(readEntry(row)); });
    if (!total)
        return total.error();
    page.total = total.value();
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
