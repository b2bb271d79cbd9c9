// The Logs section of the contract (admin) and /metrics.
#include "auth_service.h"
#include "error_mapping.h"
#include "http_helpers.h"
#include "log_service.h"
#include "request_log.h"
#include "routes.h"
#include "sse_stream.h"
#include "student_service.h"

#include <QJsonArray>
#include <QTcpSocket>

namespace academy::http {

namespace {

Result<std::optional<QDateTime>> queryTime(const Request &request, const QString &name)
{
    if (!request.query.hasQueryItem(name))
        return std::optional<QDateTime>();
    const QDateTime time = QDateTime::fromString(request.query.queryItemValue(name, QUrl::FullyDecoded), Qt::ISODateWithMs);
    if (!time.isValid())
        return Error{ErrorCode::InvalidQuery, QStringLiteral("Query parameter %1 must be an ISO 8601 time").arg(name),
                     {{name, QStringLiteral("must be an ISO 8601 time, e.g. 2026-11-24T10:00:00Z")}}};
    return std::optional<QDateTime>(time);
}

// The filters both logs share: since, until, userId, limit, offset.
struct CommonFilters
{
    std::optional<QDateTime> since, until;
    std::optional<qint64> userId;
    int limit = 100;
    qint64 offset = 0;
};

Result<CommonFilters> commonFilters(const Request &request)
{
    Result<std::optional<QDateTime>> since = queryTime(request, QStringLiteral("since"));
    Result<std::optional<QDateTime>> until = queryTime(request, QStringLiteral("until"));
    Result<std::optional<qint64>> userId = queryInteger(request, QStringLiteral("userId"), 1, std::numeric_limits<qint64>::max());
    Result<std::optional<qint64>> limit = queryInteger(request, QStringLiteral("limit"), 1, LogService::MaxLimit);
    Result<std::optional<qint64>> offset = queryInteger(request, QStringLiteral("offset"), 0, std::numeric_limits<qint32>::max());
    for (const Error *error : {since ? nullptr : &since.error(), until ? nullptr : &until.error(),
                               userId ? nullptr : &userId.error(), limit ? nullptr : &limit.error(),
                               offset ? nullptr : &offset.error()}) {
        if (error)
            return *error;
    }
    return CommonFilters{since.value(), until.value(), userId.value(), int(limit.value().value_or(100)), offset.value().value_or(0)};
}

// status=404 or status=4xx
Status statusFilter(const Request &request, RequestLogQuery &query)
{
    const QString text = request.query.queryItemValue(QStringLiteral("status")).toLower();
    if (text.isEmpty())
        return {};
    bool ok = false;
    if (text.size() == 3 && text.endsWith(QLatin1String("xx")) && text.at(0) >= QLatin1Char('1') && text.at(0) <= QLatin1Char('5')) {
        query.statusClass = text.at(0).digitValue();
        return {};
    }
    const int status = text.toInt(&ok);
    if (!ok || status < 100 || status > 599)
        return Error{ErrorCode::InvalidQuery, QStringLiteral("Query parameter status must be a status such as 404 or a class such as 4xx"),
                     {{QStringLiteral("status"), QStringLiteral("must be like 404 or 4xx")}}};
    query.status = status;
    return {};
}

Response pageReply(const QJsonArray &items, qint64 total)
{
    Response response = Response::json(200, items);
    response.setHeader("X-Total-Count", QByteArray::number(total));
    return response;
}

// GET /logs?since&until&method&status&path&userId&limit&offset -> 200 [entry...] newest first
Response requestLog(LogService &logs, Request &request)
{
    Result<CommonFilters> common = commonFilters(request);
    if (!common)
        return errorReply(common.error(), request);
    RequestLogQuery query;
    query.since = common->since;
    query.until = common->until;
    query.userId = common->userId;
    query.limit = common->limit;
    query.offset = common->offset;
    query.method = request.query.queryItemValue(QStringLiteral("method")).toUpper().toLatin1();
    query.pathContains = request.query.queryItemValue(QStringLiteral("path"), QUrl::FullyDecoded);
    if (Status status = statusFilter(request, query); !status)
        return errorReply(status.error(), request);
    Result<RequestLogPage> page = logs.requests(query);
    if (!page)
        return errorReply(page.error(), request);
    QJsonArray items;
    for (const RequestLogEntry &entry : page->items)
        items.append(entry.toJson());
    return pageReply(items, page->total);
}

// GET /audit?since&until&userId&action&entity&entityId&limit&offset -> 200 [entry...] newest first
Response auditTrail(LogService &logs, Request &request)
{
    Result<CommonFilters> common = commonFilters(request);
    if (!common)
        return errorReply(common.error(), request);
    AuditQuery query;
    query.since = common->since;
    query.until = common->until;
    query.userId = common->userId;
    query.limit = common->limit;
    query.offset = common->offset;
    query.action = request.query.queryItemValue(QStringLiteral("action"), QUrl::FullyDecoded);
    query.entity = request.query.queryItemValue(QStringLiteral("entity"), QUrl::FullyDecoded);
    query.entityId = request.query.queryItemValue(QStringLiteral("entityId"), QUrl::FullyDecoded);
    Result<AuditPage> page = logs.audit(query);
    if (!page)
        return errorReply(page.error(), request);
    QJsonArray items;
    for (const AuditEntry &entry : page->items)
        items.append(entry.toJson());
    return pageReply(items, page->total);
}

// GET /logs/stream -> text/event-stream, one "request" event per finished request
Response stream(RequestLog &log, Request &request)
{
    Response response;
    response.setHeader("Content-Type", "text/event-stream; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Accel-Buffering", "no"); // nginx: pass events through at once
    response.closeConnection = true;
    response.stream = [&log, lastEventId = request.header("last-event-id")](QTcpSocket *socket) {
        new SseStream(socket, log, lastEventId);
    };
    return response;
}

// GET /metrics -> Prometheus text (admin, or the METRICS_TOKEN bearer)
Response metrics(ServerContext &context, AuthService &auth, StudentService &students, Request &)
{
    MetricsReadings readings;
    readings.openConnections = context.connectionLimits.open();
    readings.refusedTotalLimit = context.connectionLimits.refused(RefusalReason::TotalLimit);
    readings.refusedAddressLimit = context.connectionLimits.refused(RefusalReason::AddressLimit);
    readings.loginFailures = auth.loginFailures();
    readings.lockouts = auth.lockoutsStarted();
    readings.logEntriesDropped = context.requestLog ? context.requestLog->dropped() : 0;
    readings.sessionCacheHits = auth.cache().hits();
    readings.sessionCacheMisses = auth.cache().misses();
    readings.studentCacheHits = students.cache().hits();
    readings.studentCacheMisses = students.cache().misses();
    readings.studentTotalCacheHits = students.cache().totalHits();
    readings.studentTotalCacheMisses = students.cache().totalMisses();
    Response response;
    response.body = context.metrics.render(readings);
    response.setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    return response;
}

} // namespace

void registerLogRoutes(Router &router, ServerContext &context, LogService &logs, RequestLog &log, AuthService &auth,
                       StudentService &students)
{
    router.add({"GET", QStringLiteral("/logs"), Access::Admin, BodyKind::None, [&logs](Request &r) { return requestLog(logs, r); }});
    router.add({"GET", QStringLiteral("/audit"), Access::Admin, BodyKind::None, [&logs](Request &r) { return auditTrail(logs, r); }});
    router.add({"GET", QStringLiteral("/logs/stream"), Access::Admin, BodyKind::None, [&log](Request &r) { return stream(log, r); }});
    router.add({"GET", QStringLiteral("/metrics"), Access::Metrics, BodyKind::None,
                [&context, &auth, &students](Request &r) { return metrics(context, auth, students, r); }});
}

} // namespace academy::http
