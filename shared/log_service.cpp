#include "log_service.h"

namespace academy {

namespace {

Status checkPage(int limit, qint64 offset, const std::optional<QDateTime> &since, const std::optional<QDateTime> &until)
{
    if (limit < 1 || limit > LogService::MaxLimit)
        return Error{ErrorCode::InvalidQuery, QStringLiteral("limit must be from 1 to %1").arg(LogService::MaxLimit),
                     {{QStringLiteral("limit"), QStringLiteral("must be from 1 to %1").arg(LogService::MaxLimit)}}};
    if (offset < 0)
        return Error{ErrorCode::InvalidQuery, QStringLiteral("offset must not be negative"),
                     {{QStringLiteral("offset"), QStringLiteral("must not be negative")}}};
    if (since && until && *since > *until)
        return Error{ErrorCode::InvalidQuery, QStringLiteral("since must not be after until"),
                     {{QStringLiteral("since"), QStringLiteral("must not be after until")}}};
    return {};
}

} // namespace

Result<RequestLogPage> LogService::requests(const RequestLogQuery &query)
{
    if (Status valid = checkPage(query.limit, query.offset, query.since, query.until); !valid)
        return valid.error();
    Result<QSqlDatabase> db = m_database.requestLogConnection();
    if (!db)
        return db.error();
    return RequestLogRepository(db.value()).list(query);
}

Result<AuditPage> LogService::audit(const AuditQuery &query)
{
    if (Status valid = checkPage(query.limit, query.offset, query.since, query.until); !valid)
        return valid.error();
    Result<QSqlDatabase> db = m_database.connection();
    if (!db)
        return db.error();
    return AuditRepository(db.value()).list(query);
}

} // namespace academy
