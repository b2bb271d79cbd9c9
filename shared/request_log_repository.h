#pragma once

#include "error.h"
#include "request_log_entry.h"

#include <QSqlDatabase>

namespace academy {

struct RequestLogQuery
{
    std::optional<QDateTime> since;
    std::optional<QDateTime> until;
    QByteArray method;
    std::optional<int> status;      // exact, e.g. 404
    std::optional<int> statusClass; // 2, 4, 5 for 2xx, 4xx, 5xx
    QString pathContains;           // literal substring
    std::optional<qint64> userId;
    int limit = 100;
    qint64 offset = 0;
};

struct RequestLogPage
{
    QList<RequestLogEntry> items;
    qint64 total = 0;
};

class RequestLogRepository final
{
public:
    explicit RequestLogRepository(QSqlDatabase db) : m_db(std::move(db)) {}

    // Call inside a write transaction: the batch lands all at once.
    Status append(const QList<RequestLogEntry> &entries);
    // Newest first.
    Result<RequestLogPage> list(const RequestLogQuery &query);
    Result<qint64> count();
    // Deletes entries older than `before`; the number deleted.
    Result<qint64> prune(const QDateTime &before);

private:
    QSqlDatabase m_db;
};

} // namespace academy
